import FailoverCore
import FailoverEngine
import Foundation

/// `agents/<agent>.html`: one agent's chain, state, recent events and 30-day history. Kept as
/// published until the agent's state or its newest event changes, the UTC day turns (its history's
/// new bar) or the templates do. Nothing in it moves with the hour (usage lives on the budget page
/// and in `status.json`), so a turn of the hour rebuilds none. Its JSON twin is `AgentJSON`, keyed
/// on its own model: the day turn leaves it alone.
struct AgentPage: KeyedArtifact {
    /// The most events the page and the agent's JSON show.
    static let eventLimit = 50

    var chrome: PageChrome
    var summary: AgentSummary
    var mode: AgentMode
    /// The dispatcher host that runs it, on a fleet under several.
    var host: String?
    /// Its type has the outage step on, so another instance's failures may have moved it.
    var outageStep: Bool
    var chain: [ChainEntry]
    var serverErrorStreak: Int
    var serverErrorAfter: Int
    /// The policy behind flap damping, to explain the step's cooldown.
    var cooldown: String
    var backoff: String
    var resetToken: String?
    /// The budget page's section of this agent's type, where its usage is.
    var usageHref: String
    /// The agent's newest ledger id. The ledger is append-only, so this names the events shown: the
    /// agent's latest `eventLimit` up to it.
    var lastEventID: Int64
    /// Today's 00:00 UTC: the history shown covers the completed days before it, so the page changes
    /// once a day, not every hour (`HistoryBarsHTML`).
    var historyEnd: Timestamp

    init(_ snapshot: SiteSnapshot, _ status: AgentStatus) {
        chrome = snapshot.chrome(depth: 1, title: status.agent.rawValue, section: .fleet)
        summary = AgentSummary(status)
        mode = status.type.mode
        host = status.host?.rawValue
        outageStep = status.type.failover.outageAfter != nil && status.type.chain.count > 1
        chain = status.type.chain
        serverErrorStreak = status.state.serverErrorStreak
        serverErrorAfter = status.type.failover.serverErrorAfter
        cooldown = status.type.failover.cooldown.description
        backoff = StepCooldown.number(status.type.failover.backoff)
        resetToken = status.state.lastResetToken
        usageHref = "../budget.html#" + BudgetPage.anchor(status.agent)
        lastEventID = snapshot.lastEventIDs[status.agent] ?? 0
        historyEnd = snapshot.now.startOfUTCDay
    }

    var paths: [String] { ["agents/\(summary.agent).html"] }

    var ledger: LedgerSlice? { .agentHistory(AgentID(summary.agent), limit: Self.eventLimit, since: TierHistory.since(end: historyEnd)) }

    func render(events all: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        let events = Array(all.prefix(Self.eventLimit))
        let rows = EventRowHTML.rows(events, root: chrome.root, redactor: kit.redactor)
        let history = history(all)
        let content = context(hasEvents: !events.isEmpty).merging(historyContext(history)) { _, history in history }
        return [
            try kit.page("agent", chrome, content, splicing: [
                Splice(placeholder: EventRowHTML.placeholder, bytes: rows),
                Splice(placeholder: HistoryBarsHTML.placeholder, bytes: HistoryBarsHTML.chartBytes(history, subject: summary.agent, names: .completedDays)),
            ]),
        ]
    }

    /// This agent's completed days, from its own ledger events.
    func history(_ events: [LedgerEvent]) -> TierHistory {
        TierHistory.of(StandingTimeline(agent: AgentID(summary.agent), events: events, start: TierHistory.since(end: historyEnd)), end: historyEnd)
    }

    /// The `history` partial's values; the chart itself is spliced in as bytes at its placeholder.
    func historyContext(_ history: TierHistory) -> [String: Any] {
        [
            "historyBars": HistoryBarsHTML.placeholder,
            "historyRates": HistoryBarsHTML.rates(history, names: .completedDays, instances: 1),
            "historyThrough": "\(historyEnd.utcDay) 00:00 UTC",
            "historyThroughISO": historyEnd.description,
            "historyCompletedDays": true,
        ]
    }

    func context(hasEvents: Bool) -> [String: Any] {
        var context = summary.context(root: chrome.root)
        context["glyphHTML"] = GlyphHTML.html(summary)
        // A paused agent runs on no tier: its tier is "paused here", never the green "active".
        context["chain"] = ChainStep.steps(chain, activeTier: summary.paused ? nil : summary.tier).map(\.context)
        if summary.paused, let entry = chain.indices.contains(summary.tier - 1) ? chain[summary.tier - 1] : nil {
            context["pausedHere"] = ["tier": summary.tier, "provider": entry.provider.rawValue, "model": entry.model]
        }
        context["actions"] = ControlSnippet.snippets(for: summary, resetToken: resetToken).map(\.context)
        context["streak"] = serverErrorStreak
        context["serverErrorAfter"] = serverErrorAfter
        context["resetToken"] = resetToken ?? ""
        context["mode"] = mode.rawValue
        context["host"] = host ?? ""
        context["outageStep"] = outageStep
        context["usageHref"] = usageHref
        context["rows"] = EventRowHTML.placeholder
        context["hasEvents"] = hasEvents
        context["eventLimit"] = Self.eventLimit
        context["jsonHref"] = "\(summary.agent).json"
        context.merge(stepContext) { _, step in step }
        return context
    }

    /// The step in force and what stretched its cooldown: flaps (specs/failover.md, "Flap damping")
    /// and the provider's Retry-After.
    var stepContext: [String: Any] {
        var context: [String: Any] = [
            "flapCount": summary.flapCount,
            // A chain of one never steps, so it never flaps.
            "moves": chain.count > 1,
            "flapsInARow": summary.flapCount == 1 ? "1 flap in a row" : "\(summary.flapCount) flaps in a row",
            "baseCooldown": cooldown,
            "backoff": backoff,
        ]
        if let seconds = summary.stepCooldown {
            var why: [String] = []
            if summary.flapCount > 0 { why.append("stretched for \(summary.flapCount == 1 ? "1 flap" : "\(summary.flapCount) flaps") in a row") }
            if let retryAfter = summary.stepRetryAfter { why.append("the provider asked for \(retryAfter)s (Retry-After)") }
            context["stepCooldown"] = [
                "text": TimeSpan(seconds: seconds).description,
                "why": why.isEmpty ? "as configured" : why.joined(separator: "; "),
            ]
        }
        if let retryAfter = summary.stepRetryAfter {
            context["retryAfter"] = ["seconds": retryAfter, "text": TimeSpan(seconds: retryAfter).description]
        }
        return context
    }
}
