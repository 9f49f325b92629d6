import ConfigLoader
import FailoverCore

/// One configured agent as operators see it: state joined with its type's chain and its last event.
package struct AgentStatus: Sendable {
    package var agent: AgentID
    package var type: AgentType
    /// Tier 1, unpaused, when the agent has no state yet (no cycle has seen it).
    package var state: AgentState
    package var lastEvent: LedgerEvent?
    /// Held below tier 1 by its type's token budget (`AgentState.isHeldByBudget`); set by
    /// `FleetStatus.markingHolds`, since it needs the window's usage.
    package var heldByBudget = false
    /// The dispatcher host that runs it, when the config places instances on hosts.
    package var host: HostName?

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
        let hosts = config.hostOfInstance
        return config.instances.map { instance in
            let agent = instance.agent
            return AgentStatus(agent: agent, type: instance.type, state: states[agent] ?? AgentState(agent: agent), lastEvent: latest[agent], host: hosts[agent])
        }
    }

    /// `statuses` with `heldByBudget` set; `usedTokens` gives a type's tokens over the window ending
    /// now, and is asked only for types with an instance the budget could be holding.
    package static func markingHolds(_ statuses: [AgentStatus], window: UsageWindow, usedTokens: (AgentTypeName) throws -> Int) rethrows -> [AgentStatus] {
        var used: [AgentTypeName: Int] = [:]
        var marked = statuses
        for index in marked.indices where marked[index].state.mayBeHeldByBudget(type: marked[index].type, window: window) {
            let type = marked[index].type
            let tokens = try used[type.name] ?? usedTokens(type.name)
            used[type.name] = tokens
            marked[index].heldByBudget = marked[index].state.isHeldByBudget(type: type, window: window, usedTokens: tokens)
        }
        return marked
    }

    /// Every configured agent with its hold, the window ending at `now` summed from the store.
    package static func load(config: FleetConfig, reader: any StoreSnapshot, now: Timestamp) throws -> [AgentStatus] {
        let window = config.service.usageWindow
        return try markingHolds(try load(config: config, reader: reader), window: window) { type in
            try reader.typeUsage(type, after: window.span.map { now - $0 } ?? Timestamp(seconds: 0), through: now).tokens
        }
    }
}
