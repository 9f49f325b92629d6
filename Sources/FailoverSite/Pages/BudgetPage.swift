import FailoverCore
import Foundation

/// `budget.html`: each type's usage over the window against its threshold, as a ring and in numbers,
/// and each instance's share of it. Rebuilt by every render: usage moves with the clock, which is why
/// it lives here and in `status.json` rather than on the agent pages (they would all change hourly).
struct BudgetPage: SiteArtifact {
    /// One instance's usage over the window.
    struct InstanceUsage: Hashable, Sendable {
        var agent: String
        var inputTokens: Int
        var outputTokens: Int
        var tasks: Int
        var failures: Int
    }

    /// One type's card.
    struct TypeBudget: Hashable, Sendable {
        var name: String
        var instances: Int
        /// Heaviest first: who is spending the budget.
        var usage: [InstanceUsage]
        var used: Int
        /// Nil when the type has no `usage_threshold_tokens`.
        var threshold: Int?
        var policy: String
        /// Rolling, ending at the render: the type's time on tier 1 (`HistoryBarsHTML`).
        var history: TierHistory
        /// Tokens per UTC hour over the hours the window touches (`UsageChartHTML`).
        var hourlyTokens: [Int64: Int]
    }

    /// The ring's radius in SVG units; the circumference drives the dash.
    static let radius = 42.0

    var chrome: PageChrome
    var window: UsageWindow
    var types: [TypeBudget]
    var now: Timestamp

    init(_ snapshot: SiteSnapshot) {
        let window = snapshot.fleet.service.usageWindow
        chrome = snapshot.chrome(depth: 0, title: "Token budget", section: .budget, live: true)
        self.window = window
        now = snapshot.now
        types = snapshot.fleet.agentTypes.map { type in
            let usage = type.instances.map { agent in
                let totals = snapshot.agentUsage[agent] ?? UsageTotals()
                return InstanceUsage(agent: agent.rawValue, inputTokens: totals.inputTokens, outputTokens: totals.outputTokens,
                                     tasks: totals.tasks, failures: totals.failures)
            }.sorted { ($0.inputTokens.addingSaturating($0.outputTokens), $1.agent) > ($1.inputTokens.addingSaturating($1.outputTokens), $0.agent) }
            return TypeBudget(name: type.name.rawValue, instances: type.instances.count, usage: usage, used: snapshot.typeUsage[type.name]?.tokens ?? 0,
                              threshold: type.usageThresholdTokens, policy: Self.policy(type, window: window),
                              history: snapshot.history.types[type.name] ?? .empty(end: snapshot.now), hourlyTokens: snapshot.hourlyTokens[type.name] ?? [:])
        }
    }

    var paths: [String] { ["budget.html"] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        let tables = types.enumerated().map { index, type in Splice(placeholder: UsageRowHTML.placeholder(index), bytes: UsageRowHTML.table(type.usage)) }
        return [try kit.page("budget", chrome, context, splicing: tables)]
    }

    var context: [String: Any] {
        ["types": types.enumerated().map { index, type in Self.context(type, index: index).merging(historyContext(type)) { _, history in history } },
         "window": window.description, "windowIsAll": window == .all]
    }

    /// The `history` partial's values and the hourly chart of one type: live, ending at the render.
    func historyContext(_ type: TypeBudget) -> [String: Any] {
        [
            "historyBars": HistoryBarsHTML.chart(type.history, subject: "type \(type.name)", names: .rolling),
            "historyRates": HistoryBarsHTML.rates(type.history, names: .rolling, instances: type.instances),
            "historyThrough": Format.time(now),
            "historyThroughISO": now.description,
            "historyCompletedDays": false,
            "usageChart": UsageChartHTML.chart(type: type.name, hours: type.hourlyTokens, threshold: type.threshold, window: window.span, now: now),
        ]
    }

    /// The id of an instance's row: where its agent page sends a reader for its usage.
    static func anchor(_ agent: AgentID) -> String { "agent-" + agent.rawValue }

    static func context(_ type: TypeBudget, index: Int) -> [String: Any] {
        var entry: [String: Any] = [
            "name": type.name, "used": Format.number(type.used), "instances": type.instances == 1 ? "1 instance" : "\(type.instances) instances",
            "hasUsage": !type.usage.isEmpty, "usageRows": UsageRowHTML.placeholder(index),
        ]
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
