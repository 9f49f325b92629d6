/// One problem found in a config, addressed by its path (`agent_types.coder.provider_chain[1].model`).
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public var severity: Severity
    public var path: ConfigPath
    public var message: String
    /// Where YAML put the offending node, when known (1-based).
    public var line: Int?
    public var column: Int?

    public init(_ severity: Severity, _ path: ConfigPath, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    public static func error(_ path: ConfigPath, _ message: String) -> Diagnostic { Diagnostic(.error, path, message) }
    public static func warning(_ path: ConfigPath, _ message: String) -> Diagnostic { Diagnostic(.warning, path, message) }

    /// `path: message`, without the file location.
    public var description: String {
        path.isRoot ? message : "\(path): \(message)"
    }

    /// The compiler-style line: `failover.yaml:12:9: error: path: message`.
    public func formatted(file: String) -> String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(description)"
    }
}

extension Array where Element == Diagnostic {
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
