import FailoverCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The CLI's exit statuses.
enum ExitStatus: Int32 {
    case success = 0
    case userError = 1
    case internalError = 2
    /// EX_TEMPFAIL from sysexits.h: the database stayed locked; nothing was written, run it again.
    case temporaryFailure = 75
}

extension ExitStatus {
    init(_ disposition: ErrorDisposition) {
        switch disposition {
        case .user: self = .userError
        case .temporary: self = .temporaryFailure
        case .internalFault: self = .internalError
        }
    }
}

/// An error a verb raises itself (a bad option value, an unreadable input file).
struct CommandFailure: OperatorError {
    var disposition: ErrorDisposition
    var operatorLines: [String]
    var operatorMessage: String { operatorLines.joined(separator: "\n") }

    static func user(_ message: String) -> CommandFailure { CommandFailure(disposition: .user, operatorLines: [message]) }
    /// Several problems, a line each.
    static func user(lines: [String]) -> CommandFailure { CommandFailure(disposition: .user, operatorLines: lines) }
}

/// Every line the CLI prints goes through here: secrets redacted (the keys this process can see,
/// and anything shaped like a key) and control characters written as visible escapes, whatever
/// the text's source (a config name, an input line, a provider's message, a parser's error).
/// Until a config names its providers, the keys are those the environment's variable names give
/// away (`SecretRedactor(environment:)`): the argument parser quotes argv before any config is read.
enum Console {
    /// One line: a line break inside (a path or a name the operator passed) is escaped, so no
    /// argument can forge a second message. Nowhere is left to report a failure to write standard
    /// error, so it is dropped.
    static func error(_ text: String) {
        _ = write(TerminalText.escaped(redacted(text)) + "\n", to: STDERR_FILENO)
    }

    /// Several lines we laid out ourselves (the argument parser's usage text), whose variable parts
    /// were escaped by the caller.
    static func error(lines text: String) {
        _ = write(safe(text) + "\n", to: STDERR_FILENO)
    }

    /// A failure (a full disk, a pipe closed while SIGPIPE is ignored) is kept, not fatal: the verb
    /// finishes, does not count its output as delivered, and exits 1 saying what happened.
    static func out(_ text: String, terminator: String = "\n") {
        guard outputFailure == nil else { return }
        if let failure = write(safe(text) + terminator, to: STDOUT_FILENO) {
            outputProblem.withLockedValue { $0 = failure }
        }
    }

    /// Why standard output could not be written, once it could not.
    static var outputFailure: String? { outputProblem.withLockedValue { $0 } }

    /// `text` as it may be shown: line breaks we put there are kept, every other control character is escaped.
    static func safe(_ text: String) -> String {
        TerminalText.escaped(redacted(text), keepingLineBreaks: true)
    }

    private static func redacted(_ text: String) -> String { redactor.withLockedValue { $0 }.redact(text) }

    /// Adds the keys of a loaded config's providers (`api_key_env` may name any variable).
    static func learn(_ providers: ProviderRegistry) {
        let environment = ProcessInfo.processInfo.environment
        let learned = SecretRedactor(providers: providers, environment: environment).merging(SecretRedactor(environment: environment))
        redactor.withLockedValue { $0 = learned }
    }

    private static let outputProblem = LockedBox<String?>(nil)

    /// Every byte, or the reason it could not be written.
    private static func write(_ text: String, to descriptor: Int32) -> String? {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            bytes = bytes.dropFirst(written)
        }
        return nil
    }

    private static let redactor = LockedBox(SecretRedactor(environment: ProcessInfo.processInfo.environment))
}
