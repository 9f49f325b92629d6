import FailoverCore

/// Which instances' env files a verb writes: on a fleet under several dispatcher hosts
/// (`agent_types.<type>.hosts`), each host's `cycle` and `record` write only those of the instances
/// it runs, while state, budgets and the ledger stay fleet-wide in the shared store.
package struct HostScope: Sendable {
    private enum Ownership: Sendable {
        /// A fleet under one dispatcher, or a verb that writes no env file.
        case every
        /// The instances the config places on `host`.
        case placed
        /// None: `record` told a host the config does not know still records every line.
        case none
    }

    /// The host this verb runs on; nil when the fleet runs under one dispatcher.
    package let host: HostName?
    private let placement: [AgentID: HostName]
    private let ownership: Ownership

    /// Every instance is this host's: a fleet under one dispatcher, or a verb that writes no env file.
    package static let everyInstance = HostScope(host: nil, placement: [:], ownership: .every)

    private init(host: HostName?, placement: [AgentID: HostName], ownership: Ownership) {
        self.host = host
        self.placement = placement
        self.ownership = ownership
    }

    /// The scope `--host` (or `FAILOVER_HOST`, named by `source`) gives on `config`.
    package init(config: FleetConfig, host name: String?, source: String) throws(HostScopeError) {
        let hosts = config.hostNames
        guard let name else {
            guard hosts.isEmpty else { throw .hostRequired(hosts: hosts) }
            self = .everyInstance
            return
        }
        if let problem = HostName.problem(with: name) { throw .badName(source: source, name: name, problem: problem) }
        let host = HostName(name)
        guard !hosts.isEmpty else { throw .noHostsInConfig(source: source, host: host) }
        guard hosts.contains(host) else { throw .unknownHost(source: source, host: host, hosts: hosts) }
        self.init(host: host, placement: config.hostOfInstance, ownership: .placed)
    }

    /// For `record`, where refusing the batch would lose its outcomes: a host the config does not
    /// know (a typo, a host just taken out of the config) owns no instance, so every line is
    /// recorded and no env file written; `problem` says why, for the operator.
    package static func recording(config: FleetConfig, host name: String?, source: String) -> (scope: HostScope, problem: HostScopeError?) {
        do {
            return (try HostScope(config: config, host: name, source: source), nil)
        } catch {
            return (ownsNothing(config, host: name), error)
        }
    }

    /// No instance is this host's; results still name each agent's host.
    package static func ownsNothing(_ config: FleetConfig, host name: String? = nil) -> HostScope {
        let known = name.flatMap { HostName.problem(with: $0) == nil ? HostName($0) : nil }
        return HostScope(host: known, placement: config.hostOfInstance, ownership: .none)
    }

    /// This host runs `agent`, so its env file is written here.
    package func owns(_ agent: AgentID) -> Bool {
        switch ownership {
        case .every: true
        case .placed: placement[agent] == host
        case .none: false
        }
    }

    /// The host that runs `agent`, when the config places it.
    package func host(of agent: AgentID) -> HostName? {
        placement[agent]
    }

    /// The verb was given a host (or owns nothing): results name each agent's host.
    package var namesHosts: Bool {
        switch ownership {
        case .every: false
        case .placed, .none: true
        }
    }
}

package enum HostScopeError: OperatorError, Equatable {
    case hostRequired(hosts: [HostName])
    case badName(source: String, name: String, problem: String)
    case notUTF8(source: String)
    case noHostsInConfig(source: String, host: HostName)
    case unknownHost(source: String, host: HostName, hosts: [HostName])

    package var disposition: ErrorDisposition { .user }

    package var operatorMessage: String {
        switch self {
        case .hostRequired(let hosts):
            "the config places instances on hosts (\(Self.list(hosts))): say which host this is with --host NAME or FAILOVER_HOST=NAME, so this dispatcher writes the env files of its own containers only"
        case .badName(let source, let name, let problem):
            "\(source): \(Echo.quote(name)) is not a host name: it \(problem)"
        case .notUTF8(let source):
            "\(source) is set but not UTF-8; set it to this host's name as agent_types.<type>.hosts spells it"
        case .noHostsInConfig(let source, let host):
            "\(source) \(host): the config places no instances on hosts; drop \(source) for a fleet under one dispatcher, or list which host runs which instances under agent_types.<type>.hosts"
        case .unknownHost(let source, let host, let hosts):
            "\(source) \(host): no agent type places instances on \(Echo.quote(host))\(DidYouMean.hint(for: host, among: hosts)); the config's hosts are \(Self.list(hosts))"
        }
    }

    private static func list(_ hosts: [HostName]) -> String {
        hosts.prefix(12).map(\.rawValue).joined(separator: ", ") + (hosts.count > 12 ? " and \(hosts.count - 12) more" : "")
    }
}
