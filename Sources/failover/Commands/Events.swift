import ArgumentParser
import FailoverCore
import FailoverEngine

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Query the ledger of failover events, oldest first.")

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption

    @Option(help: ArgumentHelp("Only this agent's events.", valueName: "agent"))
    var agent: String?

    @Option(help: ArgumentHelp("Only events at or after this time: RFC 3339, or a duration back from now such as 2h or 7d.", valueName: "time"))
    var since: String?

    @Option(help: "At most this many events (the most recent).")
    var limit = 50

    @Flag(help: "Print as a JSON array.")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let loaded = try Session.load(config)
        let moment = try now.timestamp()
        var sinceTime: Timestamp?
        if let since {
            sinceTime = try Timestamp.parse(pointOrAgo: since, now: moment, option: "--since")
        }
        let store = try Session.open(loaded)
        let events = try store.read { try $0.events(agent: agent.map { AgentID($0) }, since: sinceTime, limit: limit) }.reversed()
        if json {
            Console.out(JSONValue.array(events.map { EventJSON.value($0) }).serialized(htmlSafe: false), terminator: "")
            return
        }
        if events.isEmpty {
            Console.out("no events")
            return
        }
        let rows = events.map { event in
            [event.at.description, event.agent.rawValue, event.kind.rawValue,
             "\(TierGlyph.glyph(tier: event.fromTier, paused: false))→\(TierGlyph.glyph(tier: event.toTier, paused: event.paused))",
             event.failureKind?.rawValue ?? "-", event.source.rawValue, event.detail]
        }
        Console.out(TextTable.render(header: ["AT", "AGENT", "EVENT", "TIER", "FAILURE", "SOURCE", "DETAIL"], rows: rows))
    }
}
