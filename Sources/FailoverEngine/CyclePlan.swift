import FailoverCore

/// What `failover cycle` tells the dispatcher: per agent, whether to dispatch, on which provider and
/// model, which env file to mount, and whether to recreate its container.
package struct CyclePlan: Sendable, Encodable {
    package struct Agent: Sendable, Encodable {
        package var agent: String
        package var type: String
        package var mode: String
        package var dispatchable: Bool
        package var paused: Bool
        package var tier: Int
        package var tiers: Int
        package var provider: String
        package var model: String
        /// Absolute path; null for host instances.
        package var envFile: String?
        /// The env file's content changed this cycle: recreate the container.
        package var recreate: Bool
        package var cooldownUntil: Timestamp?
        package var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case agent, type, mode, dispatchable, paused, tier, tiers, provider, model
            case envFile = "env_file"
            case recreate
            case cooldownUntil = "cooldown_until"
            case warnings
        }

        package func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(agent, forKey: .agent)
            try container.encode(type, forKey: .type)
            try container.encode(mode, forKey: .mode)
            try container.encode(dispatchable, forKey: .dispatchable)
            try container.encode(paused, forKey: .paused)
            try container.encode(tier, forKey: .tier)
            try container.encode(tiers, forKey: .tiers)
            try container.encode(provider, forKey: .provider)
            try container.encode(model, forKey: .model)
            try container.encode(envFile, forKey: .envFile)
            try container.encode(recreate, forKey: .recreate)
            try container.encode(cooldownUntil, forKey: .cooldownUntil)
            try container.encode(warnings, forKey: .warnings)
        }
    }

    package var generatedAt: Timestamp
    package var agents: [Agent]
    /// Config warnings plus env-file problems, for the dispatcher's log.
    package var warnings: [String]
    /// Ledger events this cycle wrote.
    package var events: [LedgerEvent]
    /// What to record once the plan is printed (`CycleRunner.delivered`); not part of the output.
    package var deliveries: [EnvDelivery] = []

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case agents, warnings, events
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(agents, forKey: .agents)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(events.map { EventJSON.value($0) }, forKey: .events)
    }

    /// Agents whose containers must be recreated.
    package var recreate: [String] { agents.filter(\.recreate).map(\.agent) }
}
