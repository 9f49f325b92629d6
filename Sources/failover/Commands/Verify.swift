import ArgumentParser
import FailoverEngine

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the ledger and check it reproduces the state table; exit 1 listing differences."
    )

    @OptionGroup var config: ConfigOption

    func run() throws {
        let loaded = try Session.load(config)
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
