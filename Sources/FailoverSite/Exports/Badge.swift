import FailoverCore
import FailoverEngine
import Foundation

/// `badges/fleet.json` and `badges/<type>.json`: shields.io's endpoint badge format
/// (https://shields.io/badges/endpoint-badge), so a README or a wiki shows the fleet with
/// `https://img.shields.io/endpoint?url=<base_url>badges/fleet.json`. Rebuilt by every render.
struct Badge: SiteArtifact {
    var snapshot: SiteSnapshot

    var paths: [String] {
        ["badges/fleet.json"] + snapshot.fleet.agentTypes.map { Self.path(forType: $0.name) }
    }
    var freshness: Freshness { .live }

    /// A type's badge. Type names are safe file names (`AgentName`, as for `agents/<agent>.html`), but
    /// a type named `fleet` would overwrite the fleet's badge: it moves into a folder instead, whose
    /// name holds a `/` that no type name can.
    static func path(forType type: AgentTypeName) -> String {
        type.rawValue == "fleet" ? "badges/types/fleet.json" : "badges/\(type).json"
    }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        var byType: [AgentTypeName: [AgentStatus]] = [:]
        for status in snapshot.statuses { byType[status.type.name, default: []].append(status) }
        return [Self.json(label: "fleet", FleetHealth(snapshot.statuses)).data()]
            + snapshot.fleet.agentTypes.map { Self.json(label: $0.name.rawValue, FleetHealth(byType[$0.name] ?? [])).data() }
    }

    /// `6/6 on tier 1` brightgreen; `2 degraded` yellow; `1 paused` (and the degraded) red; `no agents` lightgrey.
    static func json(label: String, _ health: FleetHealth) -> JSONValue {
        let (message, color): (String, String)
        if health.agents == 0 {
            (message, color) = ("no agents", "lightgrey")
        } else if health.paused > 0 {
            (message, color) = (health.degraded > 0 ? "\(health.paused) paused, \(health.degraded) degraded" : "\(health.paused) paused", "red")
        } else if health.degraded > 0 {
            (message, color) = ("\(health.degraded) degraded", "yellow")
        } else {
            (message, color) = ("\(health.onTier1)/\(health.agents) on tier 1", "brightgreen")
        }
        return .object(["schemaVersion": .integer(1), "label": .string(label), "message": .string(message), "color": .string(color)])
    }
}
