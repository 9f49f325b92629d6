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

    /// nil when the rule does not match; otherwise how it matched, for the ledger: the status, the type,
    /// and the message fragment that was found.
    func match(type: String?, status: Int?, message: String) -> String? {
        if let errorType, errorType != type { return nil }
        if let statuses {
            guard let status, statuses.contains(status) else { return nil }
        }
        if requiresNoStatus, status != nil { return nil }
        var parts: [String] = []
        if statuses != nil, let status { parts.append(String(status)) }
        if let errorType { parts.append(errorType) }
        if !messageContains.isEmpty {
            guard let fragment = messageContains.first(where: message.contains) else { return nil }
            parts.append("message \"\(fragment)\"")
        }
        if requiresNoStatus { parts.append("no status") }
        return parts.joined(separator: " ")
    }
}
