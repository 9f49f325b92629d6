import FailoverCore
import FailoverEngine
import FailoverStore

/// `agents/<agent>.html`: one agent's chain, state, usage and recent events.
enum AgentPage {
    static func context(_ snapshot: SiteSnapshot, _ status: AgentStatus, redactor: SecretRedactorBox) -> [String: Any] {
        let root = "../"
        var summary = snapshot.agentSummary(status, root: root)
        summary["chain"] = status.type.chain.enumerated().map { index, entry in
            [
                "tier": index + 1, "glyph": TierGlyph.glyph(tier: index + 1, paused: false),
                "provider": entry.provider, "model": entry.model, "active": index + 1 == status.state.tier,
            ] as [String: Any]
        }
        summary["streak"] = status.state.serverErrorStreak
        summary["serverErrorAfter"] = status.type.failover.serverErrorAfter
        summary["resetToken"] = status.state.lastResetToken ?? ""
        summary["mode"] = status.type.mode.rawValue
        let usage = snapshot.agentUsage[status.agent] ?? UsageTotals()
        summary["usage"] = [
            "window": snapshot.fleet.service.usageWindow.description,
            "input": Format.number(usage.inputTokens), "output": Format.number(usage.outputTokens),
            "total": Format.number(usage.tokens), "tasks": Format.number(usage.tasks), "failures": Format.number(usage.failures),
        ]
        let events = snapshot.agentEvents[status.agent] ?? []
        summary["events"] = events.map { snapshot.eventRow($0, root: root, redactor: redactor) }
        summary["hasEvents"] = !events.isEmpty
        summary["eventLimit"] = SiteSnapshot.agentEventLimit
        summary["jsonHref"] = "\(status.agent).json"
        return snapshot.page(PageChrome(depth: 1, title: status.agent, section: .fleet), summary)
    }
}
