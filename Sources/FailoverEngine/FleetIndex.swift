import FailoverCore

/// Lookups over a config that every runner needs: an instance's type, the provider and model of a tier.
struct FleetIndex {
    let config: FleetConfig
    private let typeOfAgent: [String: AgentType]

    init(_ config: FleetConfig) {
        self.config = config
        var types: [String: AgentType] = [:]
        for type in config.agentTypes {
            for instance in type.instances { types[instance] = type }
        }
        typeOfAgent = types
    }

    func type(of agent: String) -> AgentType? { typeOfAgent[agent] }
}
