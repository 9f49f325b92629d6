import FailoverCore
import FailoverEngine

/// One agent's state as the site shows it: its row on the fleet page and the head of its own page.
/// Taken from the engine's `AgentStatus`; nothing in it depends on the moment of the render, so an
/// agent page built from it changes only when the agent does.
struct AgentSummary: Hashable, Encodable, Sendable {
    /// The agent's newest ledger event.
    struct LastEvent: Hashable, Encodable, Sendable {
        var kind: EventKind
        var at: Timestamp
    }

    var agent: String
    var type: String
    var tier: Int
    var tiers: Int
    var paused: Bool
    var degraded: Bool
    var dispatchable: Bool
    /// The chain entry it runs on now.
    var active: ChainEntry
    /// Only while above tier 1, and kept once passed: then the next success brings it back.
    var cooldownUntil: Timestamp?
    var lastFailureKind: FailureKind?
    var lastFailureAt: Timestamp?
    var lastEvent: LastEvent?

    init(_ status: AgentStatus) {
        let state = status.state
        agent = status.agent.rawValue
        type = status.type.name.rawValue
        tier = state.tier
        tiers = status.type.chain.count
        paused = state.paused
        degraded = status.isDegraded
        dispatchable = state.isDispatchable
        active = status.active
        cooldownUntil = state.tier > 1 ? state.cooldownUntil : nil
        lastFailureKind = state.lastFailureKind
        lastFailureAt = state.lastFailureAt
        lastEvent = status.lastEvent.map { LastEvent(kind: $0.kind, at: $0.at) }
    }

    /// ①②③, or ✕ when paused.
    var glyph: String { TierGlyph.glyph(tier: tier, paused: paused) }
    var glyphClass: String { Format.tierClass(tier: tier, paused: paused) }
    /// The glyph's accessible name: the exact state in words.
    var stateLabel: String { Format.stateLabel(tier: tier, tiers: tiers, paused: paused, entry: active, failure: lastFailureKind) }
    /// ⛽: the token budget moved it last.
    var fuel: Bool { lastFailureKind == .tokenBudget }

    /// The cooldown's end while it is still ahead of `now` (the fleet page's countdown).
    func cooldown(at now: Timestamp) -> Timestamp? {
        guard let cooldownUntil, cooldownUntil > now else { return nil }
        return cooldownUntil
    }

    /// The agent page's head, for its template.
    func context(root: String) -> [String: Any] {
        var context: [String: Any] = [
            "agent": agent,
            "href": "\(root)agents/\(agent).html",
            "type": type,
            "glyph": glyph,
            "glyphClass": glyphClass,
            "stateLabel": stateLabel,
            "fuel": fuel,
            "provider": active.provider,
            "model": active.model,
            "tier": tier,
            "tiers": tiers,
            "paused": paused,
            "degraded": degraded,
            "dispatchable": dispatchable,
        ]
        if let cooldownUntil {
            context["cooldown"] = ["until": cooldownUntil.description, "display": Format.time(cooldownUntil)]
        }
        if let kind = lastFailureKind, let at = lastFailureAt {
            context["lastFailure"] = ["label": Format.failureLabel(kind), "at": at.description, "display": Format.time(at)]
        }
        if let lastEvent {
            context["lastEvent"] = ["label": Format.eventLabel(lastEvent.kind), "at": lastEvent.at.description, "display": Format.time(lastEvent.at)]
        }
        return context
    }
}
