import ArgumentParser
import FailoverEngine
import FailoverStore
import Foundation
import StoreFactory

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database file, then replay the ledger against the state table; exit 1 listing problems.",
        discussion: """
            First SQLite's integrity_check over every page (seconds on a large database; the other verbs never \
            pay for it), then the ledger replay. A damaged file is reported with SQLite's findings and how to \
            restore it from a `failover backup` copy; the ledger is then not replayed.
            """
    )

    @OptionGroup var config: ConfigOption

    func run() throws {
        let loaded = try Session.load(config)
        let path = loaded.databasePath
        let postgres = try StoreFactory.postgresAddress(loaded)
        // Before the store opens it: a damaged file may fail the open, and the check must still report.
        // PostgreSQL checks its own pages (data checksums); only the ledger replay is ours to do there.
        if postgres == nil, FileManager.default.fileExists(atPath: path) {
            let problems = try IntegrityCheck.problems(path: path, lockTimeout: TimeInterval(loaded.config.service.lockTimeout.seconds))
            guard problems.isEmpty else {
                for problem in problems { Console.error("\(path): \(problem)") }
                Console.error("database \(path) failed SQLite's integrity check (\(problems.count) problem(s) listed); the ledger was not replayed; "
                    + "to restore, stop the dispatcher, move \(path) and its -wal and -shm files aside, copy your latest `failover backup` in its place, and run `failover verify` again")
                throw ExitCode(ExitStatus.userError.rawValue)
            }
            Console.out("ok: \(path) passed SQLite's integrity check")
        }
        let store = try Session.open(loaded)
        let report = try store.read { try LedgerVerifier.verify($0) }
        for difference in report.differences { Console.error(difference) }
        if report.differences.isEmpty {
            Console.out("ok: \(report.eventsReplayed) events replayed for \(report.agentsChecked) agents; the ledger reproduces the state table")
        } else {
            Console.error("\(report.differences.count) difference(s) between the ledger and the state table")
            throw ExitCode(ExitStatus.userError.rawValue)
        }
    }
}
