import ConfigLoader
import FailoverCore

/// One configured agent as operators see it: state joined with its type's chain and its last event.
package struct AgentStatus: Sendable {
    package var agent: AgentID
    package var type: AgentType
    /// Tier 1, unpaused, when the agent has no state yet (no cycle has seen it).
    package var state: AgentState
    package var lastEvent: LedgerEvent?

    /// The chain entry the agent runs on now.
    package var active: ChainEntry { type.entry(forTier: state.tier) ?? type.chain[0] }

    /// ①②③, or ✕ when paused.
    package var glyph: String { TierGlyph.glyph(tier: state.tier, paused: state.paused) }

    /// Degraded: above tier 1 and not paused.
    package var isDegraded: Bool { state.tier > 1 && !state.paused }
}

package enum TierGlyph {
    package static func glyph(tier: Int, paused: Bool) -> String {
        if paused { return "✕" }
        let circled = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"]
        return circled.indices.contains(tier - 1) ? circled[tier - 1] : "(\(tier))"
    }
}

package enum FleetStatus {
    /// Every configured agent, in config order.
    package static func load(config: FleetConfig, reader: any StoreSnapshot) throws -> [AgentStatus] {
        let states = try reader.states()
        let latest = try reader.latestEvents()
        return config.instances.map { instance in
            let agent = instance.agent
            return AgentStatus(agent: agent, type: instance.type, state: states[agent] ?? AgentState(agent: agent), lastEvent: latest[agent])
        }
    }
}
