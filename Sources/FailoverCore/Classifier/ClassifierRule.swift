/// One row of a classifier table: the conditions it names must all hold.
public struct ClassifierRule: Sendable, Hashable {
    /// Which key a rule matches on first; decides the stage it runs in.
    public enum Stage: Int, Sendable, Comparable, CaseIterable {
        case errorType, status, message

        public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Matched case-insensitively against the whole error type.
    public var errorType: String?
    public var statuses: Set<Int>?
    /// Lowercase fragments; any one found in the lowercased message matches. Empty means no condition.
    public var messageContains: [String]
    /// For network failures, which only count when no HTTP response came back.
    public var requiresNoStatus: Bool
    public var kind: FailureKind

    public init(type errorType: String? = nil, status statuses: Set<Int>? = nil, message: [String] = [], requiresNoStatus: Bool = false, _ kind: FailureKind) {
        self.errorType = errorType?.lowercased()
        self.statuses = statuses
        self.messageContains = message.map { $0.lowercased() }
        self.requiresNoStatus = requiresNoStatus
        self.kind = kind
    }

    public var stage: Stage {
        if errorType != nil { return .errorType }
        if statuses != nil { return .status }
        return .message
    }

    func matches(type: String?, status: Int?, message: String) -> Bool {
        if let errorType, errorType != type { return false }
        if let statuses {
            guard let status, statuses.contains(status) else { return false }
        }
        if requiresNoStatus, status != nil { return false }
        if !messageContains.isEmpty, !messageContains.contains(where: message.contains) { return false }
        return true
    }

    /// A short account of the rule, for ledger details and the spec's tables.
    public var summary: String {
        var parts: [String] = []
        if let statuses { parts.append(statuses.sorted().map(String.init).joined(separator: "/")) }
        if let errorType { parts.append(errorType) }
        if !messageContains.isEmpty { parts.append("message ~ " + messageContains.map { "\"\($0)\"" }.joined(separator: " | ")) }
        if requiresNoStatus { parts.append("no status") }
        return parts.joined(separator: " ")
    }
}
