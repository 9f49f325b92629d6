import FailoverCore
import FailoverEngine
import Foundation

/// `status.json` (specs/exports.md): the fleet now, rebuilt by every render. Nulls are written,
/// never dropped, so readers see every key.
struct StatusExport: SiteArtifact {
    /// 2: each agent's usage moved from `agents/<agent>.json` to this file's `usage`.
    /// 3: each agent's `pause_reason` tells an exhausted chain from an operator's pause.
    /// 4: `fleet`, the site's own verdict on the whole fleet (the fleet page's banner).
    /// 5: each agent's `held` (the budget holds it: its `cooldown_until` will not bring it back),
    /// `flap_count`, `cooldown_seconds` and `retry_after_seconds`.
    static let schemaVersion = 5

    var snapshot: SiteSnapshot
    /// Each agent as the engine's `AgentStatusJSON` writes it: the agent pages' own copies.
    var agents: [JSONValue]
    /// The fleet page's banner, so `fleet` says what the page says.
    var banner: IndexPage.Banner

    var paths: [String] { ["status.json"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [json().data()]
    }

    func json() -> JSONValue {
        let window = snapshot.fleet.service.usageWindow
        let types: [JSONValue] = snapshot.fleet.agentTypes.map { type in
            let used = snapshot.typeUsage[type.name]?.tokens ?? 0
            return .object([
                "name": .name(type.name),
                "mode": .string(type.mode.rawValue),
                "instances": .array(type.instances.map { .name($0) }),
                // Host name -> the instances its dispatcher runs; null under one dispatcher.
                "hosts": type.hosts.isEmpty ? .null : .object(JSONObject(Dictionary(type.hosts.map { ($0.host.rawValue, JSONValue.array($0.instances.map { .name($0) })) }) { first, _ in first })),
                "chain": ChainJSON.value(type.chain),
                "failover": .object([
                    "cooldown": .string(type.failover.cooldown.description),
                    "cooldown_seconds": .integer(type.failover.cooldown.seconds),
                    "on_exhausted": .string(type.failover.onExhausted.rawValue),
                    "triggers": .array(type.failover.orderedTriggers.map { .string($0.rawValue) }),
                    "server_error_after": .integer(type.failover.serverErrorAfter),
                    "backoff": .number(type.failover.backoff),
                    "max_cooldown_seconds": .integer(max(type.failover.cooldown, type.failover.retryAfterCap).seconds),
                    "outage_after": .optional(type.failover.outageAfter),
                ]),
                "budget": .object([
                    "threshold_tokens": .optional(type.usageThresholdTokens),
                    "window": .string(window.description),
                    "used_tokens": .integer(used),
                    "ratio": .optional(type.usageThresholdTokens.map { TokenBudget.ratio(used: used, threshold: $0) }),
                    "enforced": .bool(TokenBudget.isEnforced(type, window: window)),
                ]),
                "history": HistoryJSON.value(snapshot.history.types[type.name] ?? .empty(end: snapshot.now)),
            ])
        }
        return .object([
            "schema_version": .integer(Self.schemaVersion),
            "generated_at": .time(snapshot.now),
            "site_title": .string(snapshot.fleet.service.siteTitle),
            "fleet": fleet,
            "agents": .array(agents),
            "types": .array(types),
            "usage": usage,
            "provider_history": HistoryJSON.providers(snapshot.history),
        ])
    }

    /// The verdict a monitor would otherwise derive from `agents`: the banner's level and text, and the
    /// counts behind them.
    var fleet: JSONValue {
        let health = FleetHealth(snapshot.statuses)
        return .object([
            "level": .string(banner.level),
            "text": .string(banner.text),
            "outage": .optional(banner.outage?.text),
            "agents": .integer(health.agents),
            "on_tier1": .integer(health.onTier1),
            "degraded": .integer(health.degraded),
            "paused": .integer(health.paused),
            "exhausted": .integer(health.exhausted),
            "operator_paused": .integer(health.operatorPaused),
        ])
    }

    /// Every configured instance's usage over the window ending now, keyed by agent: it moves with the
    /// clock, so it is here (rebuilt every render) and not in the agent files (kept until the agent changes).
    var usage: JSONValue {
        var agents: [String: JSONValue] = [:]
        for instance in snapshot.fleet.instances {
            let totals = snapshot.agentUsage[instance.agent] ?? UsageTotals()
            agents[instance.agent.rawValue] = .object([
                "input_tokens": .integer(totals.inputTokens),
                "output_tokens": .integer(totals.outputTokens),
                "tasks": .integer(totals.tasks),
                "failures": .integer(totals.failures),
            ])
        }
        return .object([
            "window": .string(snapshot.fleet.service.usageWindow.description),
            "through": .time(snapshot.now),
            "agents": .object(JSONObject(agents)),
        ])
    }
}
