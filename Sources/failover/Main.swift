import ArgumentParser
import AtomicFiles
import ConfigLoader
import FailoverDemo
import FailoverSite
import FailoverStore
import Foundation
import Logging

/// Runs the command and maps every failure onto the exit-status contract:
/// 0 success, 1 user error, 2 internal error, 75 temporary failure (the database stayed locked;
/// nothing was written, so the dispatcher retries).
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
            status = 0
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Console.error(failure.message) }
            status = failure.status.rawValue
        } catch let error as ConfigError {
            Console.error(error.description)
            status = ExitStatus.userError.rawValue
        } catch let error as StoreError where error.isTemporary {
            Console.error(error.description)
            status = ExitStatus.temporaryFailure.rawValue
        } catch let error as StoreError {
            Console.error(error.isUserError ? error.description : "internal error: \(error)")
            status = (error.isUserError ? ExitStatus.userError : .internalError).rawValue
        } catch let error as PublishError {
            Console.error(error.isUserError ? "\(error)" : "internal error: \(error)")
            status = (error.isUserError ? ExitStatus.userError : .internalError).rawValue
        } catch let error as DemoError {
            Console.error("\(error)")
            status = ExitStatus.userError.rawValue
        } catch let error as TemplateError {
            Console.error("\(error)")
            status = ExitStatus.userError.rawValue
        } catch let error as SiteResources.NotFound {
            Console.error("\(error)")
            status = ExitStatus.userError.rawValue
        } catch let error as FileWriteError {
            // An env_dir or site_dir the operator pointed somewhere unwritable.
            Console.error("\(error); check the folder's permissions or point the config elsewhere; nothing was changed")
            status = ExitStatus.userError.rawValue
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
        let message = FailoverCommand.fullMessage(for: error)
        if code == .validationFailure {
            Console.error(message)
            return ExitStatus.userError.rawValue
        }
        Console.error("internal error: \(message)")
        return ExitStatus.internalError.rawValue
    }
}
