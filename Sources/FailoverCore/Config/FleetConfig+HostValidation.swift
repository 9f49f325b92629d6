/// The rules of `agent_types.<type>.hosts` (specs/config.md, "Hosts"). Each instance's env file must
/// be written by exactly one dispatcher host: a container's recreate flag is settled by whichever
/// verb prints it, so two hosts writing one agent's file would leave one of them never told.
extension FleetConfig {
    /// How many unplaced instances one message names before it counts the rest.
    static let unplacedListed = 5

    func hostProblems(suggestions: inout DidYouMean.Budget) -> [Diagnostic] {
        guard placesInstancesOnHosts else { return [] }
        var found: [Diagnostic] = []
        if !PostgresAddress.isPostgres(service.database) {
            found.append(.warning(
                ConfigPath("service", "database"),
                "is a SQLite file, which only the dispatchers of one machine can share; dispatcher hosts on several machines need one PostgreSQL database for their budgets and site to cover the whole fleet (specs/operations.md, \"Moving to PostgreSQL\")"
            ))
        }
        var placedOn: [AgentID: HostName] = [:]
        for type in agentTypes {
            let base = ConfigPath("agent_types", type.name, "hosts")
            let members = Set(type.instances)
            // Converted once, only when a name needs a suggestion.
            var candidates: [String]?
            for placement in type.hosts {
                let hostPath = base.key(placement.host.rawValue)
                if let problem = HostName.problem(with: placement.host.rawValue) {
                    found.append(.error(hostPath, "host name \(problem)"))
                }
                if placement.instances.isEmpty {
                    found.append(.warning(hostPath, "lists no instances, so this host runs none of \(type.name)"))
                }
                for (index, agent) in placement.instances.enumerated() {
                    let path = hostPath.index(index)
                    if !members.contains(agent) {
                        let names = candidates ?? type.instances.map(\.rawValue)
                        candidates = names
                        found.append(.error(path, "\(Echo.quote(agent)) is not an instance of \(type.name)\(DidYouMean.hint(for: agent.rawValue, among: names, budget: &suggestions)); list it under instances first"))
                    } else if let other = placedOn[agent] {
                        let place = other == placement.host ? "listed twice under \(other)" : "already placed on \(other)"
                        found.append(.error(path, "\(Echo.quote(agent)) is \(place); each instance runs on one host, whose dispatcher alone writes its env file"))
                    } else {
                        placedOn[agent] = placement.host
                    }
                }
            }
            let unplaced = type.instances.filter { placedOn[$0] == nil }
            if !unplaced.isEmpty {
                let named = unplaced.prefix(Self.unplacedListed).map(\.rawValue).joined(separator: ", ")
                    + (unplaced.count > Self.unplacedListed ? " and \(unplaced.count - Self.unplacedListed) more" : "")
                let verb = unplaced.count == 1 ? "is" : "are"
                found.append(.error(
                    type.hosts.isEmpty ? ConfigPath("agent_types", type.name) : base,
                    "\(named) \(verb) on no host; once any type places instances on hosts, every instance needs one: list \(unplaced.count == 1 ? "it" : "them") under the host whose dispatcher runs \(unplaced.count == 1 ? "it" : "them") (agent_types.\(type.name).hosts)"
                ))
            }
        }
        return found
    }
}
