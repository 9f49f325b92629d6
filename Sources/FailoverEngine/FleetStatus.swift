import ConfigLoader
import FailoverCore

/// One configured agent as operators see it: state joined with its type's chain and its last event.
public struct AgentStatus: Sendable {
    public var agent: String
    public var type: AgentType
    /// Tier 1, unpaused, when the agent has no state yet (no cycle has seen it).
    public var state: AgentState
    public var lastEvent: LedgerEvent?

    /// The chain entry the agent runs on now.
    public var active: ChainEntry { type.entry(forTier: state.tier) ?? type.chain[0] }

    /// ①②③, or ✕ when paused.
    public var glyph: String { TierGlyph.glyph(tier: state.tier, paused: state.paused) }

    /// Degraded: above tier 1 and not paused.
    public var isDegraded: Bool { state.tier > 1 && !state.paused }
}

public enum TierGlyph {
    public static func glyph(tier: Int, paused: Bool) -> String {
        if paused { return "✕" }
        let circled = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"]
        return circled.indices.contains(tier - 1) ? circled[tier - 1] : "(\(tier))"
    }
}

public enum FleetStatus {
    /// Every configured agent, in config order.
    public static func load(config: FleetConfig, reader: any StoreSnapshot) throws -> [AgentStatus] {
        let states = try reader.states()
        let latest = try reader.latestEvents()
        return config.instances.map { agent, type in
            AgentStatus(agent: agent, type: type, state: states[agent] ?? AgentState(agent: agent), lastEvent: latest[agent])
        }
    }
}
