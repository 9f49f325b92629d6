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
        ]
        if !chrome.archived { context["staleAfter"] = fleet.service.staleAfter.seconds }
        context.merge(content) { _, page in page }
        return context
    }

    /// One ledger event as a table row.
    func eventRow(_ event: LedgerEvent, root: String, redactor: SecretRedactorBox) -> [String: Any] {
        var row: [String: Any] = [
            "id": event.id.map(String.init) ?? "",
            "at": event.at.description,
            "atDisplay": Format.time(event.at),
            "clock": Format.clock(event.at),
            "agent": event.agent,
            "agentHref": "\(root)agents/\(event.agent).html",
            "label": Format.eventLabel(event.kind),
            "kind": event.kind.rawValue,
            "isSwitch": event.kind.isSwitch,
            "fromGlyph": TierGlyph.glyph(tier: event.fromTier, paused: false),
            "toGlyph": TierGlyph.glyph(tier: event.toTier, paused: event.paused),
            "moved": event.fromTier != event.toTier || event.paused || event.kind == .unpaused,
            "source": event.source.rawValue,
            "detail": redactor.redact(event.detail),
        ]
        if let failure = event.failureKind {
            row["failure"] = Format.failureLabel(failure)
            row["fuel"] = failure == .tokenBudget
        }
        if let provider = event.provider, let model = event.model { row["active"] = "\(provider)/\(model)" }
        return row
    }

    /// An agent's state as the index row and the agent page show it.
    func agentSummary(_ status: AgentStatus, root: String) -> [String: Any] {
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
        if let remaining = state.cooldownRemaining(at: now), let until = state.cooldownUntil {
            summary["cooldown"] = ["until": until.description, "display": Format.time(until), "left": Format.span(remaining)]
        }
        if let kind = state.lastFailureKind, let at = state.lastFailureAt {
            summary["lastFailure"] = ["label": Format.failureLabel(kind), "at": at.description, "display": Format.time(at)]
        }
        if let event = status.lastEvent {
            summary["lastEvent"] = [
                "label": Format.eventLabel(event.kind), "at": event.at.description, "display": Format.time(event.at),
                "ago": Format.span(now.seconds(since: event.at)),
            ]
        }
        return summary
    }
}

/// A redactor usable from page builders; holds the render environment's secrets.
struct SecretRedactorBox {
    var redactor: SecretRedactor
    func redact(_ text: String) -> String { redactor.redact(text) }
}
