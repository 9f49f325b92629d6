import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation

/// `agents/<agent>.html`: one agent's chain, state, usage and recent events.
enum AgentPage {
    /// Everything the page and its JSON are built from: when this is unchanged, both are kept as published.
    static func inputs(_ snapshot: SiteSnapshot, _ status: AgentStatus, chrome: String) -> String {
        let state = status.state
        let type = status.type
        let usage = snapshot.agentUsage[status.agent] ?? UsageTotals()
        let parts: [String] = [
            chrome, type.name, type.mode.rawValue, type.chain.map { "\($0.provider)/\($0.model)" }.joined(separator: ","),
            "\(type.failover.serverErrorAfter)", "\(state.tier)", "\(state.paused)", "\(state.cooldownUntil?.seconds ?? 0)",
            state.lastFailureKind?.rawValue ?? "", "\(state.lastFailureAt?.seconds ?? 0)", "\(state.serverErrorStreak)",
            "\(snapshot.lastEventIDs[status.agent] ?? 0)", "\(usage.inputTokens),\(usage.outputTokens),\(usage.tasks),\(usage.failures)",
            "\(snapshot.agentUsageThrough.seconds)",
        ]
        return SiteManifest.hash(Data(parts.joined(separator: "|").utf8))
    }

    static func context(_ snapshot: SiteSnapshot, _ status: AgentStatus, events: [LedgerEvent]) -> [String: Any] {
        let root = "../"
        var summary = Self.summary(status, root: root)
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
            "window": snapshot.fleet.service.usageWindow.description, "through": Format.time(snapshot.agentUsageThrough),
            "input": Format.number(usage.inputTokens), "output": Format.number(usage.outputTokens),
            "total": Format.number(usage.tokens), "tasks": Format.number(usage.tasks), "failures": Format.number(usage.failures),
        ]
        summary["rows"] = EventRowHTML.placeholder
        summary["hasEvents"] = !events.isEmpty
        summary["eventLimit"] = SiteSnapshot.agentEventLimit
        summary["jsonHref"] = "\(status.agent).json"
        return snapshot.page(PageChrome(depth: 1, title: status.agent, section: .fleet), summary)
    }

    /// The agent's state as its page shows it. Nothing here depends on the moment of the render, so the
    /// page changes only when the agent does: a cooldown's end stays shown once passed (the script says so).
    static func summary(_ status: AgentStatus, root: String) -> [String: Any] {
        let state = status.state
        var summary: [String: Any] = [
            "agent": status.agent,
            "href": "\(root)agents/\(status.agent).html",
            "type": status.type.name,
            "glyph": status.glyph,
            "glyphClass": Format.tierClass(tier: state.tier, paused: state.paused),
            "stateLabel": Format.stateLabel(tier: state.tier, tiers: status.type.chain.count, paused: state.paused, entry: status.active, failure: state.lastFailureKind),
            "fuel": state.lastFailureKind == .tokenBudget,
            "provider": status.active.provider,
            "model": status.active.model,
            "tier": state.tier,
            "tiers": status.type.chain.count,
            "paused": state.paused,
            "degraded": status.isDegraded,
            "dispatchable": state.isDispatchable,
        ]
        if let until = state.cooldownUntil, state.tier > 1 {
            summary["cooldown"] = ["until": until.description, "display": Format.time(until)]
        }
        if let kind = state.lastFailureKind, let at = state.lastFailureAt {
            summary["lastFailure"] = ["label": Format.failureLabel(kind), "at": at.description, "display": Format.time(at)]
        }
        if let event = status.lastEvent {
            summary["lastEvent"] = ["label": Format.eventLabel(event.kind), "at": event.at.description, "display": Format.time(event.at)]
        }
        return summary
    }
}
