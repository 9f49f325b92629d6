/// The failover state machine (specs/failover.md). Pure: the moment is always a parameter.
extension AgentState {
    /// A configured instance seen for the first time.
    public static func created(agent: AgentID, type: AgentType, at now: Timestamp) -> Transition {
        let state = AgentState(agent: agent)
        let event = state.event(.created, from: 1, type: type, at: now, source: .config, detail: "new instance of type \(type.name)")
        return Transition(state: state, events: [event])
    }

    /// An instance's stored state or, the first time it is seen, a new one with the `created` event that opens its ledger.
    public static func stored(_ stored: AgentState?, agent: AgentID, type: AgentType, at now: Timestamp) -> Transition {
        if let stored { return Transition(state: stored) }
        return created(agent: agent, type: type, at: now)
    }

    public func applying(_ input: FailoverInput, type: AgentType, at now: Timestamp) -> Transition {
        switch input {
        case .success(let tier, let overBudget):
            if let ignored = outcomeIgnored(ranOn: tier, type: type) { return Transition(state: self, ignored: ignored) }
            return afterSuccess(type: type, at: now, overBudget: overBudget)
        case .failure(let kind, let tier, let detail, let retryAfter):
            if let ignored = outcomeIgnored(ranOn: tier, type: type) { return Transition(state: self, ignored: ignored) }
            guard type.failover.triggers.contains(kind) else { return Transition(state: self, ignored: .notATrigger) }
            if kind == .serverError {
                return afterServerError(type: type, at: now, detail: detail, retryAfter: retryAfter)
            }
            return stepping(kind, type: type, at: now, source: .outcome, detail: detail, retryAfter: retryAfter)
        case .budget(let used, let threshold):
            if let ignored = outcomeIgnored(ranOn: nil, type: type) { return Transition(state: self, ignored: ignored) }
            guard type.failover.triggers.contains(.tokenBudget) else { return Transition(state: self, ignored: .notATrigger) }
            guard TokenBudget.isExceeded(used: used, threshold: threshold) else { return Transition(state: self, ignored: .withinBudget) }
            // The budget exists to move work off the primary: an instance already below it stays
            // where it is instead of walking down to the end of the chain task by task.
            guard tier == 1 else { return Transition(state: self, ignored: .overBudget) }
            return stepping(.tokenBudget, type: type, at: now, source: .budget, detail: TokenBudget.describe(used: used, threshold: threshold))
        case .outage(let kind, let tier, let detail):
            // Only an instance still on the tier the others left follows them; one that moved on
            // (or never got there) has its own evidence.
            if let ignored = outcomeIgnored(ranOn: tier, type: type) { return Transition(state: self, ignored: ignored) }
            return stepping(kind, type: type, at: now, source: .outage, detail: detail)
        case .control(let entry):
            return applyingControl(entry, type: type, at: now)
        case .reconcile:
            return reconciled(type: type, at: now)
        }
    }

    /// Outcomes move nothing while paused, when they come from a tier already left, or on a chain of one.
    private func outcomeIgnored(ranOn tier: Int?, type: AgentType) -> Transition.Ignored? {
        if paused { return .paused }
        if let tier, tier != self.tier { return .late }
        if type.chain.count <= 1 { return .singleEntryChain }
        return nil
    }

    /// Over budget, a success after the cooldown keeps an instance below tier 1 where it is, whatever
    /// moved it there: the budget exists to keep work off the primary, and sending it back would only
    /// have its next task stepped off again (and counted as a flap). The success still ends a 5xx run.
    private func afterSuccess(type: AgentType, at now: Timestamp, overBudget: Bool) -> Transition {
        var next = self
        let cooled = tier > 1 && (cooldownUntil.map({ now >= $0 }) ?? true)
        let held = cooled && overBudget
        if cooled, !held {
            next.tier = 1
            next.cooldownUntil = nil
            next.serverErrorStreak = 0
            next.stepRetryAfter = nil
            // A step from tier 1 within one base cooldown of this moment is a flap.
            next.recoveredAt = now
            return Transition(state: next, events: [next.event(.recovered, from: tier, type: type, at: now, source: .outcome, detail: "success after the cooldown")])
        }
        if serverErrorStreak > 0 {
            next.serverErrorStreak = 0
            let detail = "success after \(serverErrorStreak) consecutive 5xx"
            return Transition(state: next, events: [next.event(.serverErrorsCleared, from: tier, type: type, at: now, source: .outcome, detail: detail)],
                              ignored: held ? .overBudget : nil)
        }
        return Transition(state: self, ignored: held ? .overBudget : nil)
    }

    /// A 5xx counts once it is persistent: `server_error_after` in a row on this tier.
    /// The Retry-After that counts is the one on the 5xx that completes the streak.
    private func afterServerError(type: AgentType, at now: Timestamp, detail: String, retryAfter: TimeSpan?) -> Transition {
        let streak = serverErrorStreak + 1
        guard streak >= type.failover.serverErrorAfter else {
            var next = self
            next.serverErrorStreak = streak
            let event = next.event(.serverErrorCounted, from: tier, type: type, at: now, failure: .serverError, source: .outcome,
                                   detail: "5xx \(streak) of \(type.failover.serverErrorAfter): \(detail)")
            return Transition(state: next, events: [event])
        }
        return stepping(.serverError, type: type, at: now, source: .outcome, detail: "\(streak) consecutive 5xx: \(detail)", retryAfter: retryAfter)
    }

    /// One step down the chain; at the end, pause or wrap as the policy says. The cooldown grows
    /// with consecutive flaps and a provider's `retryAfter` stretches it (never shortens it; both
    /// capped by `max_cooldown`), so the instance does not come back to a provider that said it is
    /// still closed, or that keeps failing minutes after each recovery.
    private func stepping(_ kind: FailureKind, type: AgentType, at now: Timestamp, source: EventSource, detail: String,
                          retryAfter: TimeSpan? = nil) -> Transition {
        var next = self
        next.lastFailureKind = kind
        next.lastFailureAt = now
        next.serverErrorStreak = 0
        next.flapCount = flapCount(steppingAt: now, policy: type.failover)
        next.recoveredAt = nil
        next.stepRetryAfter = retryAfter
        let cooldown = type.failover.stepCooldown(flapCount: next.flapCount, retryAfter: retryAfter)
        next.cooldownUntil = now + cooldown.effective
        let eventKind: EventKind
        if tier < type.chain.count {
            next.tier = tier + 1
            eventKind = .stepDown
        } else if type.failover.onExhausted == .pause {
            next.pauseReason = .exhausted
            eventKind = .exhaustedPause
        } else {
            next.tier = 1
            next.cooldownUntil = nil
            next.stepRetryAfter = nil
            eventKind = .exhaustedWrap
        }
        let said = eventKind == .exhaustedWrap ? detail : Self.withCooldown(detail, cooldown, flapped: tier == 1 && next.flapCount > 0)
        return Transition(state: next, events: [next.event(eventKind, from: tier, type: type, at: now, failure: kind, source: source, detail: said)])
    }

    /// `reset` is an edge (once per new value) and runs first; `paused` is a level over the operator's
    /// pause only.
    private func applyingControl(_ entry: ControlEntry, type: AgentType, at now: Timestamp) -> Transition {
        var current = self
        var events: [LedgerEvent] = []
        if let token = entry.reset, token != lastResetToken {
            var next = current
            next.tier = 1
            next.paused = false
            next.cooldownUntil = nil
            next.serverErrorStreak = 0
            next.lastFailureKind = nil
            next.lastFailureAt = nil
            next.lastResetToken = token
            // The operator starts the instance over: its flaps are forgotten with its failures.
            next.flapCount = 0
            next.recoveredAt = nil
            next.stepRetryAfter = nil
            events.append(next.event(.reset, from: current.tier, type: type, at: now, source: .config, detail: "control.\(agent).reset = \(token)"))
            current = next
        }
        // `paused` governs the operator's pause alone: an exhausted chain waits for a reset, so a
        // `paused: false` left in the file cannot quietly send it back to a chain that just failed.
        if let paused = entry.paused, paused != current.paused, current.pauseReason != .exhausted {
            current.pauseReason = paused ? .operator : nil
            let kind: EventKind = paused ? .paused : .unpaused
            events.append(current.event(kind, from: current.tier, type: type, at: now, source: .config, detail: "control.\(agent).paused = \(paused)"))
        }
        return Transition(state: current, events: events)
    }

    /// A chain edit that leaves the instance beyond the new chain brings it back to tier 1.
    private func reconciled(type: AgentType, at now: Timestamp) -> Transition {
        guard tier > type.chain.count, !type.chain.isEmpty else { return Transition(state: self) }
        var next = self
        next.tier = 1
        next.cooldownUntil = nil
        next.serverErrorStreak = 0
        next.stepRetryAfter = nil
        let detail = "the chain of \(type.name) now has \(type.chain.count) tier(s)"
        return Transition(state: next, events: [next.event(.chainChanged, from: tier, type: type, at: now, source: .config, detail: detail)])
    }

    /// An event describing the change to `self` (the new state) from `from`.
    func event(_ kind: EventKind, from: Int, type: AgentType, at now: Timestamp, failure: FailureKind? = nil, source: EventSource, detail: String) -> LedgerEvent {
        let entry = type.entry(forTier: tier)
        return LedgerEvent(
            agent: agent, at: now, kind: kind, fromTier: from, toTier: tier, failureKind: failure,
            provider: entry?.provider, model: entry?.model, source: source, detail: detail,
            paused: paused, cooldownUntil: cooldownUntil, serverErrorStreak: serverErrorStreak,
            resetToken: kind == .reset ? lastResetToken : nil, agentType: type.name,
            flapCount: flapCount, retryAfter: stepRetryAfter
        )
    }
}
