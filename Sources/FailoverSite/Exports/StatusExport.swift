import FailoverCore
import FailoverEngine
import FailoverStore

/// `status.json` (specs/exports.md). Nulls are written, never dropped, so readers see every key.
struct StatusExport: Encodable {
    static let schemaVersion = 1

    struct TypeEntry: Encodable {
        struct Tier: Encodable {
            var tier: Int
            var provider: String
            var model: String
        }

        struct Policy: Encodable {
            var cooldown: String
            var cooldownSeconds: Int
            var onExhausted: String
            var triggers: [String]
            var serverErrorAfter: Int

            enum CodingKeys: String, CodingKey {
                case cooldown, triggers
                case cooldownSeconds = "cooldown_seconds", onExhausted = "on_exhausted", serverErrorAfter = "server_error_after"
            }
        }

        struct Budget: Encodable {
            var thresholdTokens: Int?
            var window: String
            var usedTokens: Int
            var ratio: Double?
            var enforced: Bool

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(thresholdTokens, forKey: .thresholdTokens)
                try c.encode(window, forKey: .window)
                try c.encode(usedTokens, forKey: .usedTokens)
                try c.encode(ratio, forKey: .ratio)
                try c.encode(enforced, forKey: .enforced)
            }

            enum Keys: String, CodingKey {
                case thresholdTokens = "threshold_tokens", window, usedTokens = "used_tokens", ratio, enforced
            }
        }

        var name: String
        var mode: String
        var instances: [String]
        var chain: [Tier]
        var failover: Policy
        var budget: Budget
    }

    var schemaVersion = StatusExport.schemaVersion
    var generatedAt: Timestamp
    var siteTitle: String
    var agents: [AgentStatusJSON]
    var types: [TypeEntry]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", generatedAt = "generated_at", siteTitle = "site_title", agents, types
    }

    init(_ snapshot: SiteSnapshot) {
        generatedAt = snapshot.now
        siteTitle = snapshot.fleet.service.siteTitle
        agents = snapshot.statuses.map { AgentStatusJSON($0, now: snapshot.now) }
        let window = snapshot.fleet.service.usageWindow
        types = snapshot.fleet.agentTypes.map { type in
            let used = snapshot.typeUsage[type.name]?.tokens ?? 0
            return TypeEntry(
                name: type.name,
                mode: type.mode.rawValue,
                instances: type.instances,
                chain: type.chain.enumerated().map { TypeEntry.Tier(tier: $0.offset + 1, provider: $0.element.provider, model: $0.element.model) },
                failover: TypeEntry.Policy(
                    cooldown: type.failover.cooldown.description, cooldownSeconds: type.failover.cooldown.seconds,
                    onExhausted: type.failover.onExhausted.rawValue, triggers: type.failover.orderedTriggers.map(\.rawValue),
                    serverErrorAfter: type.failover.serverErrorAfter
                ),
                budget: TypeEntry.Budget(
                    thresholdTokens: type.usageThresholdTokens, window: window.description, usedTokens: used,
                    ratio: type.usageThresholdTokens.map { TokenBudget.ratio(used: used, threshold: $0) },
                    enforced: TokenBudget.isEnforced(type, window: window)
                )
            )
        }
    }
}
