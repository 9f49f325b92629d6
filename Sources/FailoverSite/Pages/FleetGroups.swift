import FailoverCore

/// The fleet page's agents in order of urgency, one group per agent type: what needs a person first
/// (an exhausted chain needs a reset, then operator pauses), then degraded agents (the highest tier
/// first, since it has the fewest fallbacks left, then the soonest cooldown end), then healthy ones.
/// Ties keep config order, so a row stays put from one render to the next while its agent does.
struct FleetGroups {
    /// How urgent an agent is; lower is shown first.
    enum Urgency: Int, Comparable {
        case exhausted, operatorPaused, degraded, healthy

        init(_ agent: AgentSummary) {
            switch agent.pauseReason {
            case .exhausted: self = .exhausted
            case .operator: self = .operatorPaused
            case nil: self = agent.tier > 1 ? .degraded : .healthy
            }
        }

        static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One agent type's rows and the counts its header shows.
    struct Group {
        var type: String
        /// Paused and degraded, most urgent first.
        var urgent: [AgentSummary]
        /// On tier 1 and running, in config order.
        var healthy: [AgentSummary]
        var paused: Int
        var exhausted: Int
        var degraded: Int
        var count: Int { urgent.count + healthy.count }
        var worst: Urgency { urgent.first.map(Urgency.init) ?? .healthy }

        /// `coder · 300 agents · 2 paused (1 needs a reset) · 12 degraded · 286 on tier 1`: zero counts
        /// left out, except the healthy one, which says the rest are fine.
        var header: String {
            var parts = ["\(type)", count == 1 ? "1 agent" : "\(count) agents"]
            if paused > 0 { parts.append(exhausted > 0 ? "\(paused) paused (\(exhausted) \(exhausted == 1 ? "needs" : "need") a reset)" : "\(paused) paused") }
            if degraded > 0 { parts.append("\(degraded) degraded") }
            parts.append("\(healthy.count) on tier 1")
            return parts.joined(separator: " · ")
        }
    }

    /// Above this many agents in the fleet, each group's healthy agents are folded into a `<details>`
    /// under their count: 50 rows still fit a screen or two, and past that the rows that need
    /// attention would scroll away under the healthy ones. Folded rows stay in the page (no second
    /// page to keep in step, found by the browser's find-in-page, shown without JavaScript).
    static let collapseAbove = 50

    var groups: [Group]
    /// Whether healthy rows are folded away (`collapseAbove`).
    var collapsed: Bool
    /// Agents the token budget holds below tier 1: their type is still over its threshold, so no
    /// cooldown brings them back (specs/token-budget.md, "The hold"). Live: usage moves with the clock.
    var held: Set<String> = []

    /// `agents` in config order. Groups follow their worst agent's urgency, then config order: a type
    /// with an exhausted agent comes before one that is only degraded.
    init(_ agents: [AgentSummary]) {
        collapsed = agents.count > Self.collapseAbove
        var order: [String] = []
        var members: [String: [(index: Int, agent: AgentSummary)]] = [:]
        for (index, agent) in agents.enumerated() {
            if members[agent.type] == nil { order.append(agent.type) }
            members[agent.type, default: []].append((index, agent))
        }
        let unsorted = order.map { type in
            let all = members[type] ?? []
            let urgent = all.filter { Urgency($0.agent) != .healthy }.sorted(by: Self.moreUrgent).map(\.agent)
            return Group(
                type: type, urgent: urgent, healthy: all.filter { Urgency($0.agent) == .healthy }.map(\.agent),
                paused: urgent.count(where: \.paused), exhausted: urgent.count(where: \.exhausted), degraded: urgent.count(where: { !$0.paused })
            )
        }
        groups = unsorted.enumerated().sorted { ($0.element.worst, $0.offset) < ($1.element.worst, $1.offset) }.map(\.element)
    }

    /// The fleet page's order within a group; `index` is config order, the final tie-break.
    static func moreUrgent(_ a: (index: Int, agent: AgentSummary), _ b: (index: Int, agent: AgentSummary)) -> Bool {
        let (ua, ub) = (Urgency(a.agent), Urgency(b.agent))
        if ua != ub { return ua < ub }
        if ua == .degraded {
            if a.agent.tier != b.agent.tier { return a.agent.tier > b.agent.tier }
            // Soonest first; a degraded agent without a cooldown end (none recorded) after those with one.
            let (ca, cb) = (a.agent.cooldownUntil, b.agent.cooldownUntil)
            if ca != cb {
                guard let ca else { return false }
                guard let cb else { return true }
                return ca < cb
            }
        }
        return a.index < b.index
    }
}
