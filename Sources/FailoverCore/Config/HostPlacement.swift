/// The instances of one type that one dispatcher host runs (`agent_types.<type>.hosts.<host>`).
public struct HostPlacement: Sendable, Hashable {
    public var host: HostName
    public var instances: [AgentID]

    public init(host: HostName, instances: [AgentID]) {
        self.host = host
        self.instances = instances
    }
}

extension HostName {
    /// Why `name` cannot be a host name, or nil. Host names follow the rules of instance names: they
    /// travel into logs, JSON and unit files (`FAILOVER_HOST=`), where the same narrow set is safe.
    package static func problem(with name: String) -> String? {
        AgentName.problem(with: name, purpose: "as instance names")
    }
}

extension FleetConfig {
    /// Some type places its instances on hosts: the fleet runs under several dispatchers, and a verb
    /// that writes env files must be told which host it runs on.
    public var placesInstancesOnHosts: Bool {
        agentTypes.contains { !$0.hosts.isEmpty }
    }

    /// Every host some type names, sorted.
    public var hostNames: [HostName] {
        Set(agentTypes.flatMap { $0.hosts.map(\.host) }).sorted()
    }

    /// Which host runs each placed instance.
    public var hostOfInstance: [AgentID: HostName] {
        var hosts: [AgentID: HostName] = [:]
        for type in agentTypes {
            for placement in type.hosts {
                for agent in placement.instances where hosts[agent] == nil { hosts[agent] = placement.host }
            }
        }
        return hosts
    }
}
