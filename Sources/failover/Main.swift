import ArgumentParser
import FailoverCore
import Foundation
import Logging

/// Runs the command and maps every failure onto the exit-status contract: 0 success, 1 user error,
/// 2 internal error, 75 temporary failure (the database stayed locked; nothing was written, so the
/// dispatcher retries). Every error of ours is an `OperatorError`; anything else is the argument parser's.
@main
enum Main {
    static func main() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["FAILOVER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
            return SafeLogHandler(inner: handler)
        }
        let status: Int32
        do {
            var command = try FailoverCommand.parseAsRoot()
            try command.run()
            if let failure = Console.outputFailure {
                Console.error("could not write to standard output (\(failure)); what the command did stands (a `record` batch stays applied), and the next cycle repeats any recreate flag that was lost")
                status = ExitStatus.userError.rawValue
            } else {
                status = 0
            }
        } catch let error as OperatorError {
            let exit = ExitStatus(error.disposition)
            for (index, line) in error.operatorLines.enumerated() {
                Console.error(exit == .internalError && index == 0 ? "internal error: \(line)" : line)
            }
            status = exit.rawValue
        } catch {
            status = argumentParserStatus(error)
        }
        exit(status)
    }

    /// Help and version are successes; anything the parser rejects is a user error.
    /// Errors the parser does not know are ours and internal.
    static func argumentParserStatus(_ error: Error) -> Int32 {
        let code = FailoverCommand.exitCode(for: error)
        if code == .success {
            Console.out(FailoverCommand.fullMessage(for: error))
            return 0
        }
        if let exit = error as? ExitCode { return exit.rawValue }
        let message = echoingArgumentsSafely(FailoverCommand.fullMessage(for: error))
        if code == .validationFailure {
            Console.error(lines: message)
            return ExitStatus.userError.rawValue
        }
        Console.error(lines: "internal error: \(message)")
        return ExitStatus.internalError.rawValue
    }

    /// The parser's message is several lines and quotes the arguments it rejects: an argument holding
    /// a line break or an escape sequence is shown escaped, so it cannot forge a line of its own.
    static func echoingArgumentsSafely(_ message: String) -> String {
        var message = message
        for argument in CommandLine.arguments.dropFirst() where TerminalText.escaped(argument) != argument {
            message = message.replacingOccurrences(of: argument, with: TerminalText.escaped(argument))
        }
        return message
    }
}
