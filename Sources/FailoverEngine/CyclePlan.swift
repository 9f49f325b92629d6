import FailoverCore

/// What `failover cycle` tells the dispatcher: per agent, whether to dispatch, on which provider and
/// model, which env file to mount, and whether to recreate its container.
public struct CyclePlan: Sendable, Encodable {
    public struct Agent: Sendable, Encodable {
        public var agent: String
        public var type: String
        public var mode: String
        public var dispatchable: Bool
        public var paused: Bool
        public var tier: Int
        public var tiers: Int
        public var provider: String
        public var model: String
        /// Absolute path; null for host instances.
        public var envFile: String?
        /// The env file's content changed this cycle: recreate the container.
        public var recreate: Bool
        public var cooldownUntil: Timestamp?
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case agent, type, mode, dispatchable, paused, tier, tiers, provider, model
            case envFile = "env_file"
            case recreate
            case cooldownUntil = "cooldown_until"
            case warnings
        }

        public func encode(to encoder: Encoder) throws {
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

    public var generatedAt: Timestamp
    public var agents: [Agent]
    /// Config warnings plus env-file problems, for the dispatcher's log.
    public var warnings: [String]
    /// Ledger events this cycle wrote.
    public var events: [LedgerEvent]
    /// What to record once the plan is printed (`CycleRunner.delivered`); not part of the output.
    public var deliveries: [EnvDelivery] = []

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case agents, warnings, events
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(agents, forKey: .agents)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(events.map { EventJSON.value($0) }, forKey: .events)
    }

    /// Agents whose containers must be recreated.
    public var recreate: [String] { agents.filter(\.recreate).map(\.agent) }
}
