import FailoverCore
import Yams

/// Builds a `FleetConfig` from a YAML tree, keeping going past problems so one run reports them all.
/// Each section has its own file: `ConfigParser+Service.swift`, `+Providers`, `+AgentTypes`, `+Control`.
struct ConfigParser {
    var reader = NodeReader()
    /// The file is not a mapping at all: nothing else in it was read, so no rule should report what is missing.
    private(set) var unreadable = false

    static let topLevelKeys = ["service", "providers", "agent_types", "control"]

    mutating func parse(_ root: Node?) -> FleetConfig {
        var config = FleetConfig(agentTypes: [])
        guard let root else {
            reader.error(.root, "the file is empty; start from examples/failover.yaml", at: nil)
            return config
        }
        if case .mapping = root {} else if !reader.isNull(root) {
            reader.error(.root, "the top level must be a mapping of service:, providers:, agent_types: and control:\(reader.describeFound(root)); start from examples/failover.yaml", at: root)
            unreadable = true
            return config
        }
        guard let entries = reader.mapping(root, .root, allowed: Self.topLevelKeys) else { return config }
        var sawAgentTypes = false
        for entry in entries {
            switch entry.key {
            case "service": config.service = service(entry.value)
            case "providers": config.providers = providers(entry.value)
            case "agent_types":
                sawAgentTypes = true
                config.agentTypes = agentTypes(entry.value)
            case "control": config.control = control(entry.value)
            default: break
            }
        }
        if !sawAgentTypes {
            reader.error(ConfigPath("agent_types"), "is required: list at least one agent type with its instances and provider_chain", at: root)
        }
        return config
    }
}
