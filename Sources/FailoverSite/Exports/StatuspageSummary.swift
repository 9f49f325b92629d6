import FailoverCore
import FailoverEngine
import Foundation

/// `api/v2/summary.json` and `api/v2/status.json` in the shape of Atlassian Statuspage's public API
/// v2, so the widgets and clients written for Statuspage read the fleet. One component per agent type,
/// then one per provider; the mapping from tiers and pauses to statuses is in specs/exports.md.
/// Rebuilt by every render: `updated_at` is the render's moment.
struct StatuspageSummary: SiteArtifact {
    var snapshot: SiteSnapshot
    /// The fleet banner's text: the page's status description, as on the fleet page.
    var banner: String

    var paths: [String] { ["api/v2/summary.json", "api/v2/status.json"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        let components = self.components
        let status = Self.status(components.map(\.health.status), description: banner)
        return [
            JSONValue.object([
                "page": page,
                "components": .array(components.enumerated().map { component($0.element, position: $0.offset + 1) }),
                "incidents": .array([]),
                "scheduled_maintenances": .array([]),
                "status": status,
            ]).data(),
            JSONValue.object(["page": page, "status": status]).data(),
        ]
    }

    /// A component before it is written: its id, name, what it says and how its agents stand.
    struct Component {
        var id: String
        var name: String
        var description: String
        var health: FleetHealth
        /// Its agents' newest ledger event: when its status last had reason to change.
        var updated: Timestamp?
    }

    var components: [Component] {
        var byType: [AgentTypeName: [AgentStatus]] = [:]
        for status in snapshot.statuses { byType[status.type.name, default: []].append(status) }
        let types = snapshot.fleet.agentTypes.map { type in
            let members = byType[type.name] ?? []
            let health = FleetHealth(members)
            return Component(
                id: "type-\(type.name)", name: type.name.rawValue,
                description: "Agent type \(type.name) (\(type.chain.map { "\($0.provider)/\($0.model)" }.joined(separator: " → "))): \(health.summary())",
                health: health, updated: members.compactMap(\.lastEvent?.at).max()
            )
        }
        return types + providers
    }

    /// A provider's agents are those whose tier 1 it is and those running on it now. Each counts as
    /// paused when paused, as degraded when it runs elsewhere (it failed away from its tier 1 here),
    /// and as fine when it runs on this provider, at whatever tier: the provider is serving it.
    var providers: [Component] {
        var order: [ProviderName] = []
        var health: [ProviderName: FleetHealth] = [:]
        var updated: [ProviderName: Timestamp] = [:]
        for type in snapshot.fleet.agentTypes {
            for entry in type.chain where health[entry.provider] == nil {
                order.append(entry.provider)
                health[entry.provider] = FleetHealth()
            }
        }
        // An operator's pause says nothing about a provider: it counts in its type's component only.
        for status in snapshot.statuses where status.state.pauseReason != .operator {
            let first = status.type.chain[0].provider
            let active = status.active.provider
            for provider in Set([first, active]) {
                health[provider, default: FleetHealth()].add(status.state.pauseReason, away: active != provider)
                if let at = status.lastEvent?.at { updated[provider] = max(updated[provider] ?? at, at) }
            }
        }
        return order.map { provider in
            let health = health[provider] ?? FleetHealth()
            return Component(
                id: "provider-\(provider)", name: "provider \(provider)",
                description: "Agents whose tier 1 is \(provider) or that run on it now: \(health.summary(fine: "running on it"))",
                health: health, updated: updated[provider]
            )
        }
    }

    var page: JSONValue {
        .object([
            "id": .string(snapshot.siteID),
            "name": .string(snapshot.fleet.service.siteTitle),
            "url": .optional(snapshot.fleet.service.baseURL),
            "time_zone": .string("Etc/UTC"),
            "updated_at": .time(snapshot.now),
        ])
    }

    /// The page's indicator is its worst component's (none when it has none).
    static func status(_ statuses: [FleetHealth.Status], description: String) -> JSONValue {
        .object([
            "indicator": .string((statuses.max() ?? .operational).indicator),
            "description": .string(description),
        ])
    }

    func component(_ component: Component, position: Int) -> JSONValue {
        // The ledger's first day stands in for when the component was created: the fleet has no
        // older record of it, and it stays the same from render to render.
        let created = snapshot.days.last.flatMap { Timestamp(rfc3339: $0.day + "T00:00:00Z") } ?? snapshot.now
        return .object([
            "id": .string(component.id),
            "name": .string(component.name),
            "status": .string(component.health.status.name),
            "created_at": .time(created),
            "updated_at": .time(component.updated ?? created),
            "position": .integer(position),
            "description": .string(component.description),
            "showcase": .bool(true),
            "start_date": .null,
            "group_id": .null,
            "page_id": .string(snapshot.siteID),
            "group": .bool(false),
            "only_show_if_degraded": .bool(false),
        ])
    }
}
