import FailoverCore
import FailoverStore
import Foundation

/// `budget.html`: each type's usage over the window against its threshold, as a ring and in numbers.
enum BudgetPage {
    /// The ring's radius in SVG units; the circumference drives the dash.
    static let radius = 42.0

    static func context(_ snapshot: SiteSnapshot) -> [String: Any] {
        let window = snapshot.fleet.service.usageWindow
        let types = snapshot.fleet.agentTypes.map { type -> [String: Any] in
            let used = snapshot.typeUsage[type.name]?.tokens ?? 0
            var entry: [String: Any] = [
                "name": type.name, "used": Format.number(used), "instances": type.instances.count,
            ]
            guard let threshold = type.usageThresholdTokens else {
                entry["hasBudget"] = false
                return entry
            }
            let ratio = TokenBudget.ratio(used: used, threshold: threshold)
            let circumference = 2 * Double.pi * radius
            let filled = min(ratio, 1) * circumference
            entry["hasBudget"] = true
            entry["threshold"] = Format.number(threshold)
            entry["percent"] = Int(saturating: (ratio * 100).rounded(.down))
            entry["level"] = ratio > 1 ? "over" : ratio >= 0.8 ? "near" : "ok"
            entry["over"] = ratio > 1
            entry["dash"] = String(format: "%.2f %.2f", filled, circumference)
            entry["radius"] = radius
            if TokenBudget.isEnforced(type, window: window) {
                entry["policy"] = "Enforced: instances step down when usage goes over the threshold."
            } else if window == .all {
                entry["policy"] = "Tracked only: usage_window is all."
            } else if type.chain.count == 1 {
                entry["policy"] = "Tracked only: a one-entry chain has nowhere to step down to."
            } else {
                entry["policy"] = "Tracked only: token_budget is not among this type's triggers."
            }
            return entry
        }
        let content: [String: Any] = ["types": types, "window": window.description, "windowIsAll": window == .all]
        return snapshot.page(PageChrome(depth: 0, title: "Token budget", section: .budget, live: true), content)
    }
}
