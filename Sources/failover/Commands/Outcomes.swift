import ArgumentParser
import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation
import StoreFactory

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
        let store: any Store
        if try StoreFactory.postgresAddress(loaded) != nil {
            // A server database exists or the connection says why not; it is never made as a file is.
            store = try Session.open(loaded)
        } else {
            let path = loaded.databasePath
            // A read-only export: where nothing was ever recorded there is nothing to make.
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure.user("no database at \(path) (service.database of \(loaded.file)) to export outcomes from; run where the fleet's database is, with the config its dispatcher uses")
            }
            store = try SQLiteStore.reading(path: path, lockTimeout: TimeInterval(loaded.config.service.lockTimeout.seconds))
        }
        // Written a few hundred lines at a time: one write per line would cost a year of rows a system call each.
        var buffer = ""
        var exported = 0
        var known = true
        do {
            try store.read { snapshot in
                try snapshot.forEachOutcome(query) { entry in
                    exported += 1
                    buffer += OutcomeExport.line(entry)
                    guard buffer.utf8.count >= 1 << 16 else { return }
                    Console.out(buffer, terminator: "")
                    buffer = ""
                    // A reader that went away (`| head`) ends the export; Main reports it.
                    if Console.outputFailure != nil { throw OutputClosed() }
                }
                // Every agent that ever recorded has a state (only configured agents record).
                if exported == 0, let agent = query.agent, loaded.config.agentType(ofInstance: agent) == nil {
                    known = try snapshot.states()[agent] != nil
                }
            }
        } catch is OutputClosed {
            return
        }
        if !buffer.isEmpty { Console.out(buffer, terminator: "") }
        if exported == 0 { Console.error(nothingMatched(query, known: known, loaded: loaded)) }
    }

    /// The one line on stderr when nothing was printed: an empty stdout alone does not say whether the
    /// filters were wrong or the fleet was quiet.
    private func nothingMatched(_ query: OutcomeQuery, known: Bool, loaded: LoadedConfig) -> String {
        var filters: [String] = []
        if let agent { filters.append("--agent \(Echo.quote(agent))") }
        for (option, text, time) in [("--since", since, query.since), ("--until", until, query.until)] {
            guard let text, let time else { continue }
            filters.append(text == time.description ? "\(option) \(time)" : "\(option) \(Echo.quote(text)) (\(time))")
        }
        guard !filters.isEmpty else { return "no recorded outcomes in \(StoreFactory.describe(loaded))" }
        var note = "no recorded outcomes match " + filters.joined(separator: " ")
        if let from = query.since, let to = query.until, from >= to {
            note += ": --since is not before --until, so none can"
        } else if !known, let agent {
            let names = loaded.config.instances.map(\.agent.rawValue)
            note += ": no agent of that name is in \(loaded.file) or has ever recorded an outcome"
                + DidYouMean.hint(for: agent, among: names)
        }
        return note
    }

    private struct OutputClosed: Error {}
}
