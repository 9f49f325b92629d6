import FailoverCore
import Foundation

/// `budget.html`: each type's usage over the window against its threshold, as a ring and in numbers.
/// Rebuilt by every render: usage moves with the clock.
struct BudgetPage: SiteArtifact {
    /// One type's card.
    struct TypeBudget: Hashable, Sendable {
        var name: String
        var instances: Int
        var used: Int
        /// Nil when the type has no `usage_threshold_tokens`.
        var threshold: Int?
        var policy: String
    }

    /// The ring's radius in SVG units; the circumference drives the dash.
    static let radius = 42.0

    var chrome: PageChrome
    var window: UsageWindow
    var types: [TypeBudget]

    init(_ snapshot: SiteSnapshot) {
        let window = snapshot.fleet.service.usageWindow
        chrome = snapshot.chrome(depth: 0, title: "Token budget", section: .budget, live: true)
        self.window = window
        types = snapshot.fleet.agentTypes.map { type in
            TypeBudget(name: type.name.rawValue, instances: type.instances.count, used: snapshot.typeUsage[type.name]?.tokens ?? 0,
                       threshold: type.usageThresholdTokens, policy: Self.policy(type, window: window))
        }
    }

    var paths: [String] { ["budget.html"] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("budget", chrome, context)]
    }

    var context: [String: Any] {
        ["types": types.map(Self.context), "window": window.description, "windowIsAll": window == .all]
    }

    static func context(_ type: TypeBudget) -> [String: Any] {
        var entry: [String: Any] = ["name": type.name, "used": Format.number(type.used), "instances": type.instances]
        guard let threshold = type.threshold else {
            entry["hasBudget"] = false
            return entry
        }
        let ratio = TokenBudget.ratio(used: type.used, threshold: threshold)
        let circumference = 2 * Double.pi * radius
        let filled = min(ratio, 1) * circumference
        entry["hasBudget"] = true
        entry["threshold"] = Format.number(threshold)
        entry["percent"] = Int(saturating: (ratio * 100).rounded(.down))
        entry["level"] = ratio > 1 ? "over" : ratio >= 0.8 ? "near" : "ok"
        entry["over"] = ratio > 1
        entry["dash"] = String(format: "%.2f %.2f", filled, circumference)
        entry["radius"] = radius
        entry["policy"] = type.policy
        return entry
    }

    /// Whether the budget steps instances down, and if not, why not.
    static func policy(_ type: AgentType, window: UsageWindow) -> String {
        if TokenBudget.isEnforced(type, window: window) {
            "Enforced: instances step down when usage goes over the threshold."
        } else if window == .all {
            "Tracked only: usage_window is all."
        } else if type.chain.count == 1 {
            "Tracked only: a one-entry chain has nowhere to step down to."
        } else {
            "Tracked only: token_budget is not among this type's triggers."
        }
    }
}
