import FailoverCore

/// What `failover cycle` tells the dispatcher: per agent, whether to dispatch, on which provider and
/// model, which env file to mount, and whether to recreate its container.
package struct CyclePlan: Sendable {
    package struct Agent: Sendable {
        package var agent: AgentID
        package var type: AgentTypeName
        /// The dispatcher host that runs it, when the config places instances on hosts.
        package var host: HostName?
        package var mode: AgentMode
        package var dispatchable: Bool
        package var pauseReason: PauseReason?
        package var paused: Bool { pauseReason != nil }
        package var tier: Int
        package var tiers: Int
        package var provider: ProviderName
        package var model: String
        /// Absolute path; null for host instances.
        package var envFile: String?
        /// The env file's content is not what the container was last told to run: recreate it.
        package var recreate: Bool
        package var cooldownUntil: Timestamp?
        package var warnings: [String]
        /// Consecutive flaps, and the whole cooldown of the step in force (flap damping, Retry-After).
        package var flapCount = 0
        package var cooldownSeconds: Int?
    }

    package var generatedAt: Timestamp
    /// The host this plan is for (`--host`); nil for a fleet under one dispatcher. The plan lists
    /// only that host's agents.
    package var host: HostName?
    package var agents: [Agent]
    /// Config warnings plus env-file problems, for the dispatcher's log.
    package var warnings: [String]
    /// Ledger events this cycle wrote.
    package var events: [LedgerEvent]
    /// What to record once the plan is printed (`CycleRunner.delivered`); not part of the output.
    package var offers: [EnvOffer] = []


    /// Agents whose containers must be recreated.
    package var recreate: [AgentID] { agents.filter(\.recreate).map(\.agent) }

    /// `cycle --json` (specs/failover.md).
    package var json: JSONValue {
        .object([
            "generated_at": .time(generatedAt),
            "host": .optional(host?.rawValue),
            "agents": .array(agents.map(\.json)),
            "warnings": .array(warnings.map(JSONValue.string)),
            "events": .array(events.map { EventJSON.value($0) }),
        ])
    }
}

extension CyclePlan.Agent {
    package var json: JSONValue {
        .object([
            "agent": .name(agent),
            "type": .name(type),
            "host": .optional(host?.rawValue),
            "mode": .string(mode.rawValue),
            "dispatchable": .bool(dispatchable),
            "paused": .bool(paused),
            "pause_reason": .optional(pauseReason?.rawValue),
            "tier": .integer(tier),
            "tiers": .integer(tiers),
            "provider": .name(provider),
            "model": .string(model),
            "env_file": .optional(envFile),
            "recreate": .bool(recreate),
            "cooldown_until": .time(cooldownUntil),
            "flap_count": .integer(flapCount),
            "cooldown_seconds": .optional(cooldownSeconds),
            "warnings": .array(warnings.map(JSONValue.string)),
        ])
    }
}
