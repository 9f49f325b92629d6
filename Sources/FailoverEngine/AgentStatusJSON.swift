import FailoverCore

/// One agent's state as JSON: `status.json`'s `agents[]`, `agents/<agent>.json`'s `agent`, and
/// `failover status --json` all write this (specs/exports.md).
package enum AgentStatusJSON {
    package static func value(_ status: AgentStatus) -> JSONValue {
        let state = status.state
        return .object([
            "name": .name(status.agent),
            "type": .name(status.type.name),
            "mode": .string(status.type.mode.rawValue),
            // Which dispatcher runs it, on a fleet under several (`agent_types.<type>.hosts`).
            "host": .optional(status.host?.rawValue),
            "tier": .integer(state.tier),
            "tiers": .integer(status.type.chain.count),
            "paused": .bool(state.paused),
            // Which pause it is: `exhausted` needs a reset, `operator` an unpause; null while running.
            "pause_reason": .optional(state.pauseReason?.rawValue),
            "dispatchable": .bool(state.isDispatchable),
            "provider": .name(status.active.provider),
            "model": .string(status.active.model),
            // Shown while above tier 1, even once passed: then the next success returns the agent to tier 1.
            "cooldown_until": .time(state.tier > 1 ? state.cooldownUntil : nil),
            "last_failure_kind": .optional(state.lastFailureKind?.rawValue),
            "last_failure_at": .time(state.lastFailureAt),
            "last_event_at": .time(status.lastEvent?.at),
            // Flap damping: consecutive flaps counted at the last step from tier 1.
            "flap_count": .integer(state.flapCount),
            // The step in force: how long it keeps the agent off tier 1, and the provider's Retry-After behind it.
            "cooldown_seconds": .optional(state.stepCooldown.map(\.seconds)),
            "retry_after_seconds": .optional(state.stepCooldown == nil ? nil : state.stepRetryAfter?.seconds),
            // Below tier 1 while its type is over budget: no cooldown brings it back.
            "held": .bool(status.heldByBudget),
        ])
    }
}
