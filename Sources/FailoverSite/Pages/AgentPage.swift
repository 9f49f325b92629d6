import FailoverCore
import FailoverEngine
import Foundation

/// `agents/<agent>.html` and its JSON twin `agents/<agent>.json`: one agent's chain, state and recent
/// events. Kept as published until the agent's state or its newest event changes (or the templates
/// do): both files come from this one model and the events it names. Nothing in it moves with the
/// clock (usage lives on the budget page and in `status.json`), so a turn of the hour rebuilds none.
struct AgentPage: KeyedArtifact {
    /// The most events either file shows.
    static let eventLimit = 50

    var chrome: PageChrome
    var summary: AgentSummary
    var mode: AgentMode
    var chain: [ChainEntry]
    var serverErrorStreak: Int
    var serverErrorAfter: Int
    var resetToken: String?
    /// The budget page's section of this agent's type, where its usage is.
    var usageHref: String
    /// The agent as `status.json` and `failover status --json` write it (the engine's `AgentStatusJSON`).
    var status: JSONValue
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
        chain = status.type.chain
        serverErrorStreak = status.state.serverErrorStreak
        serverErrorAfter = status.type.failover.serverErrorAfter
        resetToken = status.state.lastResetToken
        usageHref = "../budget.html#" + BudgetPage.anchor(status.agent)
        self.status = AgentStatusJSON.value(status)
        lastEventID = snapshot.lastEventIDs[status.agent] ?? 0
        historyEnd = snapshot.now.startOfUTCDay
    }

    var paths: [String] { ["agents/\(summary.agent).html", "agents/\(summary.agent).json"] }

    var ledger: LedgerSlice? { .agentHistory(AgentID(summary.agent), limit: Self.eventLimit, since: TierHistory.since(end: historyEnd)) }

    func render(events all: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        let events = Array(all.prefix(Self.eventLimit))
        let rows = EventRowHTML.rows(events, root: chrome.root, redactor: kit.redactor)
        return [
            try kit.page("agent", chrome, context(hasEvents: !events.isEmpty).merging(historyContext(all)) { _, history in history }, splicing: [Splice(placeholder: EventRowHTML.placeholder, bytes: rows)]),
            // Compact: a file per agent for programs, rewritten whenever the agent changes.
            AgentExport.json(self, events: events, redactor: kit.redactor).data(pretty: false),
        ]
    }

    /// The `history` partial's values: this agent's completed days, from its own ledger events.
    func historyContext(_ events: [LedgerEvent]) -> [String: Any] {
        let agent = AgentID(summary.agent)
        let history = TierHistory.of(StandingTimeline(agent: agent, events: events, start: TierHistory.since(end: historyEnd)), end: historyEnd)
        return [
            "historyBars": HistoryBarsHTML.chart(history, subject: summary.agent, names: .completedDays),
            "historyRates": HistoryBarsHTML.rates(history, names: .completedDays),
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
        context["usageHref"] = usageHref
        context["rows"] = EventRowHTML.placeholder
        context["hasEvents"] = hasEvents
        context["eventLimit"] = Self.eventLimit
        context["jsonHref"] = "\(summary.agent).json"
        return context
    }
}
