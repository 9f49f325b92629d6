/// An instance as the config lists it: its name and its type.
public struct ConfiguredInstance: Sendable, Hashable {
    public var agent: AgentID
    public var type: AgentType

    public init(agent: AgentID, type: AgentType) {
        self.agent = agent
        self.type = type
    }
}

/// A whole `failover.yaml`: the fleet, its providers and the operator's control edits.
public struct FleetConfig: Sendable, Hashable {
    public var service: ServiceSettings
    /// Built-in providers merged with the config's `providers:` block.
    public var providers: ProviderRegistry
    /// In file order.
    public var agentTypes: [AgentType]
    /// Keyed by agent name.
    public var control: [AgentID: ControlEntry]

    public init(
        service: ServiceSettings = ServiceSettings(),
        providers: ProviderRegistry = .builtIn,
        agentTypes: [AgentType],
        control: [AgentID: ControlEntry] = [:]
    ) {
        self.service = service
        self.providers = providers
        self.agentTypes = agentTypes
        self.control = control
    }

    /// Every configured instance with its type, in file order.
    public var instances: [ConfiguredInstance] {
        agentTypes.flatMap { type in type.instances.map { ConfiguredInstance(agent: $0, type: type) } }
    }

    public func agentType(named name: AgentTypeName) -> AgentType? {
        agentTypes.first { $0.name == name }
    }

    /// The type an instance belongs to, if it is configured.
    public func agentType(ofInstance agent: AgentID) -> AgentType? {
        agentTypes.first { $0.instances.contains(agent) }
    }
}
