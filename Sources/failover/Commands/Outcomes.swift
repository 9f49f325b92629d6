import ArgumentParser
import FailoverCore
import FailoverEngine

struct Outcomes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print recorded outcomes as the JSON Lines `record` reads, oldest first.",
        discussion: """
            Each line is an outcome as `record` stored it: agent, at, outcome, the provider's status, error_type and \
            message (redacted as they were stored), tokens, the tier the line named and retry_after in seconds. Rows \
            recorded before failover kept these details give their error as a stand-in status and type for the kind \
            they were classified as. Pipe them into `failover simulate` to see what a config change would have done:
              failover outcomes --since 7d | failover simulate --config proposed.yaml --fresh
            """
    )

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption

    @Option(help: ArgumentHelp("Only outcomes at or after this time: RFC 3339, or a duration back from now such as 7d.", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only outcomes before this time: RFC 3339, or a duration back from now.", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only this agent's outcomes.", valueName: "agent"))
    var agent: String?

    func run() throws {
        let loaded = try Session.load(config)
        let moment = try now.timestamp()
        let query = OutcomeQuery(
            agent: agent.map { AgentID($0) },
            since: try since.map { try Timestamp.parse(pointOrAgo: $0, now: moment, option: "--since") },
            until: try until.map { try Timestamp.parse(pointOrAgo: $0, now: moment, option: "--until") }
        )
        let store = try Session.open(loaded)
        // Written a few hundred lines at a time: one write per line would cost a year of rows a system call each.
        var buffer = ""
        do {
            try store.read { snapshot in
                try snapshot.forEachOutcome(query) { entry in
                    buffer += OutcomeExport.line(entry)
                    guard buffer.utf8.count >= 1 << 16 else { return }
                    Console.out(buffer, terminator: "")
                    buffer = ""
                    // A reader that went away (`| head`) ends the export; Main reports it.
                    if Console.outputFailure != nil { throw OutputClosed() }
                }
            }
        } catch is OutputClosed {
            return
        }
        if !buffer.isEmpty { Console.out(buffer, terminator: "") }
    }

    private struct OutputClosed: Error {}
}
