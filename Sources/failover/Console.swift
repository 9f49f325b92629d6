import Foundation

/// The CLI's exit statuses.
enum ExitStatus: Int32 {
    case success = 0
    case userError = 1
    case internalError = 2
    /// EX_TEMPFAIL from sysexits.h: the database stayed locked; nothing was written, run it again.
    case temporaryFailure = 75
}

/// An error the CLI reports and exits with; `message` is printed to stderr.
struct CommandFailure: Error {
    var status: ExitStatus
    var message: String

    static func user(_ message: String) -> CommandFailure { CommandFailure(status: .userError, message: message) }
    static func `internal`(_ message: String) -> CommandFailure { CommandFailure(status: .internalError, message: "internal error: \(message)") }
}

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }
}
