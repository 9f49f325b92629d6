/// What an operator can do about a failure; decides the CLI's exit status.
public enum ErrorDisposition: Sendable, Hashable {
    /// Fix something (the config, the input, a folder, the database file) and run again: exit 1.
    case user
    /// Nothing was written; the same command can simply run again: exit 75.
    case temporary
    /// A failover bug: exit 2.
    case internalFault
}

/// Every error the CLI reports: one `catch` prints `operatorMessage` and exits by `disposition`.
public protocol OperatorError: Error {
    var disposition: ErrorDisposition { get }
    /// What failed, where (the path), and what to do about it.
    var operatorMessage: String { get }
    /// The message as the lines it is printed in: one, unless it lists several problems (a config's
    /// diagnostics). Line breaks inside a line (from a path or a value) are shown escaped.
    var operatorLines: [String] { get }
}

extension OperatorError {
    public var operatorLines: [String] { [operatorMessage] }
}

extension OperatorError where Self: CustomStringConvertible {
    public var operatorMessage: String { description }
}
