import FailoverCore
import FailoverEngine
import FailoverStore

/// `status.json` (specs/exports.md). Nulls are written, never dropped, so readers see every key.
enum StatusExport {
    static let schemaVersion = 1

    static func value(_ snapshot: SiteSnapshot) -> JSONValue {
        let window = snapshot.fleet.service.usageWindow
        let types: [JSONValue] = snapshot.fleet.agentTypes.map { type in
            let used = snapshot.typeUsage[type.name]?.tokens ?? 0
            return .object([
                "name": .string(type.name),
                "mode": .string(type.mode.rawValue),
                "instances": .array(type.instances.map(JSONValue.string)),
                "chain": .array(type.chain.enumerated().map { index, entry in
                    .object(["tier": .integer(index + 1), "provider": .string(entry.provider), "model": .string(entry.model)])
                }),
                "failover": .object([
                    "cooldown": .string(type.failover.cooldown.description),
                    "cooldown_seconds": .integer(type.failover.cooldown.seconds),
                    "on_exhausted": .string(type.failover.onExhausted.rawValue),
                    "triggers": .array(type.failover.orderedTriggers.map { .string($0.rawValue) }),
                    "server_error_after": .integer(type.failover.serverErrorAfter),
                ]),
                "budget": .object([
                    "threshold_tokens": .optional(type.usageThresholdTokens),
                    "window": .string(window.description),
                    "used_tokens": .integer(used),
                    "ratio": .optional(type.usageThresholdTokens.map { TokenBudget.ratio(used: used, threshold: $0) }),
                    "enforced": .bool(TokenBudget.isEnforced(type, window: window)),
                ]),
            ])
        }
        return .object([
            "schema_version": .integer(schemaVersion),
            "generated_at": .time(snapshot.now),
            "site_title": .string(snapshot.fleet.service.siteTitle),
            "agents": .array(snapshot.statuses.map(AgentStatusJSON.value)),
            "types": .array(types),
        ])
    }
}
