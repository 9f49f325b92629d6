import ArgumentParser
import FailoverCore
import FailoverEngine
import Foundation

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show every agent's tier, provider, cooldown and last failure.")

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let loaded = try Session.load(config)
        let store = try Session.open(loaded)
        let moment = try now.timestamp()
        let statuses = try store.read { try FleetStatus.load(config: loaded.config, reader: $0, now: moment) }
        if json {
            Console.out(JSONValue.array(statuses.map(AgentStatusJSON.value)).serialized(htmlSafe: false), terminator: "")
            return
        }
        // A column only on a fleet under several dispatchers.
        let hosts = loaded.config.placesInstancesOnHosts
        let rows = statuses.map { status -> [String] in
            var cooldown = status.heldByBudget ? "held: over budget" : status.state.cooldownRemaining(at: moment).map { Self.duration($0) } ?? "-"
            if status.state.stepCooldown != nil, status.state.flapCount > 0 { cooldown += " (flap \(status.state.flapCount))" }
            let failure = status.state.lastFailureKind.map { kind in
                "\(kind.rawValue)\(status.state.lastFailureAt.map { " at \($0)" } ?? "")"
            } ?? "-"
            var row = [status.agent.rawValue, status.type.name.rawValue, TierGlyphText.cell(tier: status.state.tier, tiers: status.type.chain.count, pauseReason: status.state.pauseReason),
                       "\(status.active.provider)/\(status.active.model)", cooldown, failure]
            if hosts { row.insert(status.host?.rawValue ?? "-", at: 2) }
            return row
        }
        var header = ["AGENT", "TYPE", "TIER", "PROVIDER/MODEL", "COOLDOWN LEFT", "LAST FAILURE"]
        if hosts { header.insert("HOST", at: 2) }
        Console.out(TextTable.render(header: header, rows: rows))
    }

    static func duration(_ seconds: Int64) -> String {
        seconds >= 3600 ? "\(seconds / 3600)h\(seconds % 3600 / 60)m" : seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
