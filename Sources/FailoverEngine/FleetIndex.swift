import FailoverCore

/// Which type each configured instance belongs to, built once per run: `record` looks this up for
/// every outcome.
package struct FleetIndex: Sendable {
    package let config: FleetConfig
    private let typeIndex: [AgentID: Int]

    package init(_ config: FleetConfig) {
        self.config = config
        var index: [AgentID: Int] = [:]
        for (position, type) in config.agentTypes.enumerated() {
            for instance in type.instances { index[instance] = position }
        }
        typeIndex = index
    }

    package func type(of agent: AgentID) -> AgentType? {
        typeIndex[agent].map { config.agentTypes[$0] }
    }

    package var agents: Dictionary<AgentID, Int>.Keys { typeIndex.keys }
}
