import FailoverCore

/// Which type each configured instance belongs to, built once per run: `record` looks this up for
/// every outcome.
package struct FleetIndex: Sendable {
    package let config: FleetConfig
    private let typeIndex: [String: Int]

    package init(_ config: FleetConfig) {
        self.config = config
        var index: [String: Int] = [:]
        for (position, type) in config.agentTypes.enumerated() {
            for instance in type.instances { index[instance] = position }
        }
        typeIndex = index
    }

    package func type(of agent: String) -> AgentType? {
        typeIndex[agent].map { config.agentTypes[$0] }
    }

    package var agents: Dictionary<String, Int>.Keys { typeIndex.keys }
}
