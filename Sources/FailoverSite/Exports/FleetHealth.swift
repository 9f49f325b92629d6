import FailoverCore
import FailoverEngine

/// How a set of agents stands, counted once for every export that gives a verdict (`status.json`'s
/// `fleet`, the Statuspage components, the badges), so they cannot disagree.
struct FleetHealth: Hashable, Sendable {
    /// A component's status in Statuspage's words, worst last (specs/exports.md, "Statuspage").
    enum Status: Int, Comparable, Sendable {
        case operational, degradedPerformance, partialOutage, majorOutage

        var name: String { ["operational", "degraded_performance", "partial_outage", "major_outage"][rawValue] }
        /// The page's indicator when this is the worst component.
        var indicator: String { ["none", "minor", "major", "critical"][rawValue] }

        static func < (lhs: Status, rhs: Status) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var agents = 0
    /// Running on tier 1.
    var onTier1 = 0
    /// Running, away from tier 1.
    var degraded = 0
    var paused = 0
    /// Paused because the chain ran out: only a `reset` brings these back.
    var exhausted = 0
    var operatorPaused = 0

    init() {}

    init(_ statuses: some Sequence<AgentStatus>) {
        for status in statuses { add(status.state.pauseReason, away: status.state.tier > 1) }
    }

    /// One agent: paused for `reason`, or running `away` from where it should be (tier 1; for a
    /// provider's component, that provider).
    mutating func add(_ reason: PauseReason?, away: Bool) {
        agents += 1
        switch reason {
        case .exhausted: paused += 1; exhausted += 1
        case .operator: paused += 1; operatorPaused += 1
        case nil: if away { degraded += 1 } else { onTier1 += 1 }
        }
    }

    /// All on tier 1 (or none at all): operational; some running away from tier 1: degraded; some
    /// paused: partial outage; every one paused: major outage.
    var status: Status {
        if agents > 0, paused == agents { return .majorOutage }
        if paused > 0 { return .partialOutage }
        if degraded > 0 { return .degradedPerformance }
        return .operational
    }

    /// `3 agents · 1 paused · 1 degraded · 1 on tier 1`: zero counts left out, except the fine ones,
    /// which say the rest are well (`fine`: "on tier 1", or for a provider "running on it").
    func summary(fine: String = "on tier 1") -> String {
        var parts = ["\(agents) \(agents == 1 ? "agent" : "agents")"]
        if paused > 0 { parts.append("\(paused) paused") }
        if degraded > 0 { parts.append("\(degraded) degraded") }
        parts.append("\(onTier1) \(fine)")
        return parts.joined(separator: " · ")
    }
}
