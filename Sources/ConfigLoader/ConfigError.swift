import FailoverCore

/// Why a config could not be used. Every case says what to do about it.
package enum ConfigError: Error, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    /// `diagnostics` as listed (see `ConfigReport`); `errors` counts every error found.
    case invalid(path: String, diagnostics: [Diagnostic], errors: Int)

    package var description: String { lines.joined(separator: "\n") }

    /// One line per diagnostic, then the verdict.
    package var lines: [String] {
        switch self {
        case .notFound(let path):
            ["config file not found: \(path) (pass --config PATH or set FAILOVER_CONFIG; examples/failover.yaml is a starting point)"]
        case .unreadable(let path, let reason):
            ["cannot read config file \(path): \(reason)"]
        case .invalid(let path, let diagnostics, let errors):
            diagnostics.map { $0.formatted(file: path) } + ["\(path): invalid, \(errors) error(s); nothing was changed"]
        }
    }
}
