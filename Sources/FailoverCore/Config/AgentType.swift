/// Where an instance runs. Container instances get a tier-aware env file; host instances use the host's login.
public enum AgentMode: String, Sendable, Hashable, CaseIterable, Codable {
    case container
    case host
}

/// One tier of a provider chain.
public struct ChainEntry: Sendable, Hashable, Codable {
    public var provider: ProviderName
    public var model: String

    public init(provider: ProviderName, model: String) {
        self.provider = provider
        self.model = model
    }
}

/// An agent type: its instances share a provider chain, a failover policy and a token budget.
public struct AgentType: Sendable, Hashable {
    public var name: AgentTypeName
    public var mode: AgentMode
    public var instances: [AgentID]
    /// Tier 1 first.
    public var chain: [ChainEntry]
    public var failover: FailoverPolicy
    /// Tokens (input + output) all instances may use over the usage window; nil means no budget.
    public var usageThresholdTokens: Int?
    /// Written in the legacy `provider` + `model` form.
    public var isLegacy: Bool
    /// Which dispatcher host runs which instances (`hosts:`), in file order; empty when the fleet
    /// runs under one dispatcher.
    public var hosts: [HostPlacement] = []

    public init(
        name: AgentTypeName,
        mode: AgentMode = .container,
        instances: [AgentID],
        chain: [ChainEntry],
        failover: FailoverPolicy = FailoverPolicy(),
        usageThresholdTokens: Int? = nil,
        isLegacy: Bool = false
    ) {
        self.name = name
        self.mode = mode
        self.instances = instances
        self.chain = chain
        self.failover = failover
        self.usageThresholdTokens = usageThresholdTokens
        self.isLegacy = isLegacy
    }

    /// The chain entry for a 1-based tier, if the chain has it.
    public func entry(forTier tier: Int) -> ChainEntry? {
        chain.indices.contains(tier - 1) ? chain[tier - 1] : nil
    }
}
