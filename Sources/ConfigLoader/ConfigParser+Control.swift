import FailoverCore
import Yams

extension ConfigParser {
    static let controlKeys = ["paused", "reset"]

    mutating func control(_ node: Node) -> [AgentID: ControlEntry] {
        var control: [AgentID: ControlEntry] = [:]
        guard let entries = reader.mapping(node, ConfigPath("control")) else { return control }
        for (agent, _, value) in entries {
            let path = ConfigPath("control", agent)
            guard let fields = reader.mapping(value, path, allowed: Self.controlKeys, expected: "a mapping like { paused: true } or { reset: \"2026-11-24T10:15Z\" }") else { continue }
            var entry = ControlEntry()
            for (key, _, field) in fields {
                switch key {
                case "paused": entry.paused = reader.bool(field, path.key("paused"))
                case "reset": entry.reset = nonEmptyString(field, path.key("reset"))
                default: break
                }
            }
            control[AgentID(agent)] = entry
        }
        return control
    }
}
