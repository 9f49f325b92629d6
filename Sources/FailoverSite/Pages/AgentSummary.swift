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
        var failureKind: FailureKind?
    }

    var agent: String
    var type: String
    var tier: Int
    var tiers: Int
    /// Why it is paused; nil while it is not. An exhausted chain needs a reset, an operator's pause
    /// an unpause: the site never shows the two alike.
    var pauseReason: PauseReason?
    var degraded: Bool
    var dispatchable: Bool
    /// The chain entry it runs on now.
    var active: ChainEntry
    /// Only while above tier 1, and kept once passed: then the next success brings it back.
    var cooldownUntil: Timestamp?
    var lastFailureKind: FailureKind?
    var lastFailureAt: Timestamp?
    var lastEvent: LastEvent?
    /// Below tier 1 while its type is over budget: no cooldown brings it back (`AgentStatus.heldByBudget`).
    /// Flips only when the type's usage crosses its threshold, so an agent page is rebuilt then and
    /// not as the usage moves.
    var heldByBudget: Bool
    /// Consecutive flaps counted at its last step from tier 1 (specs/failover.md, "Flap damping").
    var flapCount: Int
    /// The step in force: its whole cooldown, and the Retry-After the provider sent with it.
    var stepCooldown: Int?
    var stepRetryAfter: Int?

    init(_ status: AgentStatus) {
        let state = status.state
        agent = status.agent.rawValue
        type = status.type.name.rawValue
        tier = state.tier
        tiers = status.type.chain.count
        pauseReason = state.pauseReason
        degraded = status.isDegraded
        dispatchable = state.isDispatchable
        active = status.active
        cooldownUntil = state.tier > 1 ? state.cooldownUntil : nil
        lastFailureKind = state.lastFailureKind
        lastFailureAt = state.lastFailureAt
        lastEvent = status.lastEvent.map { LastEvent(kind: $0.kind, at: $0.at, failureKind: $0.failureKind) }
        heldByBudget = status.heldByBudget
        flapCount = state.flapCount
        stepCooldown = state.stepCooldown?.seconds
        stepRetryAfter = stepCooldown == nil ? nil : state.stepRetryAfter?.seconds
    }

    var paused: Bool { pauseReason != nil }
    var exhausted: Bool { pauseReason == .exhausted }

    /// ①②③, or ✕ when paused.
    var glyph: String { TierGlyph.glyph(tier: tier, paused: paused) }
    var glyphClass: String { Format.tierClass(tier: tier, paused: paused) }
    /// The glyph's accessible name: the exact state in words.
    var stateLabel: String {
        Format.stateLabel(tier: tier, tiers: tiers, pauseReason: pauseReason, entry: active, failure: failureIsCurrent ? lastFailureKind : nil)
    }

    /// Whether the last failure still explains where the agent is: it is away from tier 1, or the chain
    /// ran out. On tier 1 (recovered, wrapped or reset since) it is history, and must not read as a cause.
    var failureIsCurrent: Bool { lastFailureKind != nil && (tier > 1 || exhausted) }

    /// ⛽: away from tier 1 because the token budget moved it. Not once it is back on tier 1, although
    /// the budget step stays its last failure.
    var fuel: Bool { lastFailureKind == .tokenBudget && failureIsCurrent }

    /// The cooldown's end while it is still ahead of `now` (the fleet page's countdown). None while
    /// paused: an exhausted agent comes back only by a reset, an operator's pause only by an unpause.
    func cooldown(at now: Timestamp) -> Timestamp? {
        guard !paused, let cooldownUntil, cooldownUntil > now else { return nil }
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
            "exhausted": exhausted,
            "operatorPaused": pauseReason == .operator,
            "pauseReason": pauseReason?.rawValue ?? "",
            "degraded": degraded,
            "dispatchable": dispatchable,
            "held": heldByBudget,
            "flapCount": flapCount,
        ]
        if let cooldownUntil {
            let until: [String: Any] = ["until": cooldownUntil.description, "display": Format.time(cooldownUntil)]
            // Counted down only while it can bring the agent back; an operator's pause holds it, and so
            // does its type's budget while over it.
            if heldByBudget { context["budgetHeldCooldown"] = until } else if !paused { context["cooldown"] = until } else if !exhausted { context["heldCooldown"] = until }
        }
        if let kind = lastFailureKind, let at = lastFailureAt {
            context[failureIsCurrent ? "lastFailure" : "pastFailure"] = ["label": Format.failureLabel(kind), "at": at.description, "display": Format.time(at)]
        }
        if let lastEvent {
            context["lastEvent"] = ["label": Format.eventLabel(lastEvent.kind), "at": lastEvent.at.description, "display": Format.time(lastEvent.at)]
        }
        return context
    }
}
