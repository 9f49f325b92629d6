import FailoverCore
import FailoverEngine

/// The parts every page shares: where the site root is, the title, the navigation, the clock.
struct PageChrome {
    enum Section: String, CaseIterable {
        case fleet, budget, events, config, docs
    }

    var depth: Int
    var title: String
    var section: Section
    /// Rebuilt by every render, so its own time says how fresh the site is. Other pages are kept
    /// while their inputs do not change; the script asks `heartbeat.json` instead.
    var live = false
    /// Archived pages (past days) never go stale: they are complete.
    var archived = false

    var root: String { String(repeating: "../", count: depth) }
}

extension SiteSnapshot {
    /// The layout's context merged with a page's own.
    func page(_ chrome: PageChrome, _ content: [String: Any]) -> [String: Any] {
        var context: [String: Any] = [
            "root": chrome.root,
            "siteTitle": fleet.service.siteTitle,
            "pageTitle": chrome.title,
            "generatedAt": now.description,
            "generatedDisplay": Format.time(now),
            "nav": Dictionary(uniqueKeysWithValues: PageChrome.Section.allCases.map { ($0.rawValue, $0 == chrome.section) }),
            "archived": chrome.archived,
            "live": chrome.live,
        ]
        if !chrome.archived { context["staleAfter"] = fleet.service.staleAfter.seconds }
        context.merge(content) { _, page in page }
        return context
    }

    /// An agent's state as the index row and the agent page show it. Only live pages may depend on
    /// the moment of the render (`live`): an agent page shows a cooldown's end even once it has passed.
    func agentSummary(_ status: AgentStatus, root: String, live: Bool) -> [String: Any] {
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
        if let until = state.cooldownUntil, state.tier > 1, !live || state.cooldownRemaining(at: now) != nil {
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

/// A redactor usable from page builders; holds the render environment's secrets.
struct SecretRedactorBox: Sendable {
    var redactor: SecretRedactor
    func redact(_ text: String) -> String { redactor.redact(text) }
}
