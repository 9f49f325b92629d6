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
        let statuses = try store.read { try FleetStatus.load(config: loaded.config, reader: $0) }
        let moment = try now.timestamp()
        if json {
            Console.out(try JSONOutput.encode(statuses.map { StatusJSON($0, now: moment) }))
            return
        }
        let rows = statuses.map { status -> [String] in
            let cooldown = status.state.cooldownRemaining(at: moment).map { Self.duration($0) } ?? "-"
            let failure = status.state.lastFailureKind.map { kind in
                "\(kind.rawValue)\(status.state.lastFailureAt.map { " at \($0)" } ?? "")"
            } ?? "-"
            return [status.agent, status.type.name, TierGlyphText.cell(tier: status.state.tier, tiers: status.type.chain.count, paused: status.state.paused),
                    "\(status.active.provider)/\(status.active.model)", cooldown, failure]
        }
        Console.out(TextTable.render(header: ["AGENT", "TYPE", "TIER", "PROVIDER/MODEL", "COOLDOWN LEFT", "LAST FAILURE"], rows: rows))
    }

    static func duration(_ seconds: Int64) -> String {
        seconds >= 3600 ? "\(seconds / 3600)h\(seconds % 3600 / 60)m" : seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}

/// `status --json`: one object per agent.
struct StatusJSON: Encodable {
    var agent: String
    var type: String
    var tier: Int
    var tiers: Int
    var glyph: String
    var paused: Bool
    var dispatchable: Bool
    var provider: String
    var model: String
    var cooldownUntil: Timestamp?
    var lastFailureKind: String?
    var lastFailureAt: Timestamp?

    init(_ status: AgentStatus, now: Timestamp) {
        agent = status.agent
        type = status.type.name
        tier = status.state.tier
        tiers = status.type.chain.count
        glyph = status.glyph
        paused = status.state.paused
        dispatchable = status.state.isDispatchable
        provider = status.active.provider
        model = status.active.model
        cooldownUntil = status.state.cooldownRemaining(at: now) != nil ? status.state.cooldownUntil : nil
        lastFailureKind = status.state.lastFailureKind?.rawValue
        lastFailureAt = status.state.lastFailureAt
    }

    enum CodingKeys: String, CodingKey {
        case agent, type, tier, tiers, glyph, paused, dispatchable, provider, model
        case cooldownUntil = "cooldown_until"
        case lastFailureKind = "last_failure_kind"
        case lastFailureAt = "last_failure_at"
    }
}
