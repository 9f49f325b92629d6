import FailoverCore
import Foundation

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
    var operatorMessage: String

    static func user(_ message: String) -> CommandFailure { CommandFailure(disposition: .user, operatorMessage: message) }
}

/// Every line the CLI prints goes through here: secrets redacted (the keys this process can see,
/// and anything shaped like a key) and control characters written as visible escapes, whatever
/// the text's source (a config name, an input line, a provider's message, a parser's error).
/// Until a config names its providers, the keys are those the environment's variable names give
/// away (`SecretRedactor(environment:)`): the argument parser quotes argv before any config is read.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((safe(text) + "\n").utf8))
    }

    static func out(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((safe(text) + terminator).utf8))
    }

    /// `text` as it may be shown: line breaks we put there are kept, every other control character is escaped.
    static func safe(_ text: String) -> String {
        TerminalText.escaped(redactor.withLockedValue { $0 }.redact(text), keepingLineBreaks: true)
    }

    /// Adds the keys of a loaded config's providers (`api_key_env` may name any variable).
    static func learn(_ providers: ProviderRegistry) {
        let environment = ProcessInfo.processInfo.environment
        let learned = SecretRedactor(providers: providers, environment: environment).merging(SecretRedactor(environment: environment))
        redactor.withLockedValue { $0 = learned }
    }

    private static let redactor = LockedBox(SecretRedactor(environment: ProcessInfo.processInfo.environment))
}
