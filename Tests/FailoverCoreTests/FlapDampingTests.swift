import FailoverCore
import Testing

/// Flap damping (specs/failover.md, "Flap damping"): a step from tier 1 within one base cooldown of
/// a recovery is a flap, and each consecutive flap multiplies that step's cooldown by `backoff`.
@Suite struct FlapDampingTests {
    let t0 = Machine.t0

    static func type(backoff: Double = 2, maxCooldown: TimeSpan? = nil, onExhausted: ExhaustedAction = .pause) -> AgentType {
        var type = Machine.coder(onExhausted: onExhausted)
        type.failover.backoff = backoff
        type.failover.maxCooldown = maxCooldown
        return type
    }

    static func fail(_ state: AgentState, _ type: AgentType, at now: Timestamp, retryAfter: TimeSpan? = nil) -> Transition {
        state.applying(.failure(.rateLimit, tier: nil, detail: "429 rate_limit_error", retryAfter: retryAfter), type: type, at: now)
    }

    static func succeed(_ state: AgentState, _ type: AgentType, at now: Timestamp) -> Transition {
        state.applying(.success(tier: nil), type: type, at: now)
    }

    /// Steps at `t0`, then `cycles` times: recovers the moment the cooldown ends and fails again
    /// `gap` later. Returns every transition, in order.
    static func bounce(_ type: AgentType, cycles: Int, gap: TimeSpan, from t0: Timestamp) -> [Transition] {
        var transitions = [fail(AgentState(agent: "coder-1"), type, at: t0)]
        for _ in 0..<cycles {
            let stepped = transitions[transitions.count - 1].state
            let until = stepped.cooldownUntil ?? t0
            transitions.append(succeed(stepped, type, at: until))
            transitions.append(fail(transitions[transitions.count - 1].state, type, at: until + gap))
        }
        return transitions
    }

    @Test func theFirstStepKeepsExactlyTheConfiguredCooldown() throws {
        let first = Self.fail(AgentState(agent: "coder-1"), Self.type(), at: t0)
        #expect(first.state.tier == 2 && first.state.flapCount == 0)
        #expect(first.state.cooldownUntil == t0 + .minutes(15))
        #expect(first.state.stepCooldown == .minutes(15))
        let event = try #require(first.events.first)
        #expect(event.detail == "429 rate_limit_error" && event.flapCount == 0)
    }

    /// A late batch can hold a failure dated before the recovery it is applied after: that step did
    /// not come after the recovery, so it is no flap.
    @Test func aStepDatedBeforeTheRecoveryIsNoFlap() throws {
        let type = Self.type()
        let stepped = Self.fail(AgentState(agent: "coder-1"), type, at: t0)
        let recovered = Self.succeed(stepped.state, type, at: t0 + .minutes(60))
        #expect(recovered.state.tier == 1 && recovered.state.recoveredAt == t0 + .minutes(60))
        let earlier = Self.fail(recovered.state, type, at: t0 - .minutes(60))
        #expect(earlier.state.flapCount == 0 && earlier.state.stepCooldown == .minutes(15))
        #expect(earlier.events.first?.detail == "429 rate_limit_error")
    }

    @Test func eachConsecutiveFlapMultipliesTheCooldown() throws {
        let steps = Self.bounce(Self.type(), cycles: 3, gap: .minutes(1), from: t0).filter { $0.events.first?.kind == .stepDown }
        #expect(steps.map(\.state.flapCount) == [0, 1, 2, 3])
        #expect(steps.map(\.state.stepCooldown) == [.minutes(15), .minutes(30), .hours(1), .hours(2)])
        #expect(steps.map { $0.events[0].detail } == [
            "429 rate_limit_error",
            "429 rate_limit_error; flap 1, cooldown 30m (15m x 2^1)",
            "429 rate_limit_error; flap 2, cooldown 1h (15m x 2^2)",
            "429 rate_limit_error; flap 3, cooldown 2h (15m x 2^3)",
        ])
        #expect(steps.map { $0.events[0].flapCount } == [0, 1, 2, 3])
    }

    @Test func theCooldownStopsAtMaxCooldown() throws {
        let byDefault = Self.bounce(Self.type(), cycles: 6, gap: .minutes(1), from: t0).last!
        #expect(byDefault.state.flapCount == 6 && byDefault.state.stepCooldown == .hours(4))
        #expect(byDefault.events[0].detail == "429 rate_limit_error; flap 6, cooldown 4h (15m x 2^6, capped at max_cooldown 4h)")
        let configured = Self.bounce(Self.type(maxCooldown: .minutes(45)), cycles: 2, gap: .minutes(1), from: t0).last!
        #expect(configured.state.stepCooldown == .minutes(45))
    }

    @Test func aStepLaterThanOneCooldownAfterTheRecoveryStartsTheCountAgain() throws {
        let type = Self.type()
        let flapped = Self.bounce(type, cycles: 2, gap: .minutes(1), from: t0).last!
        #expect(flapped.state.flapCount == 2)
        let recovered = Self.succeed(flapped.state, type, at: flapped.state.cooldownUntil!)
        let recoveredAt = try #require(recovered.state.recoveredAt)
        // Exactly one base cooldown after the recovery is still within it; a second later is not.
        let atTheEdge = Self.fail(recovered.state, type, at: recoveredAt + .minutes(15))
        #expect(atTheEdge.state.flapCount == 3)
        let after = Self.fail(recovered.state, type, at: recoveredAt + .minutes(15) + TimeSpan(seconds: 1))
        #expect(after.state.flapCount == 0 && after.state.stepCooldown == .minutes(15))
        #expect(after.events[0].detail == "429 rate_limit_error")
    }

    @Test func backoffOneCountsButDoesNotStretch() throws {
        let last = Self.bounce(Self.type(backoff: 1), cycles: 3, gap: .minutes(1), from: t0).last!
        #expect(last.state.flapCount == 3 && last.state.stepCooldown == .minutes(15))
        #expect(last.events[0].detail == "429 rate_limit_error; flap 3, cooldown 15m (15m x 1^3)")
    }

    @Test func aFractionalBackoffRoundsDownToTheSecond() throws {
        let last = Self.bounce(Self.type(backoff: 1.5), cycles: 3, gap: .minutes(1), from: t0).last!
        // 900 s x 1.5^3 = 3037.5 s.
        #expect(last.state.stepCooldown == TimeSpan(seconds: 3037))
        #expect(last.events[0].detail == "429 rate_limit_error; flap 3, cooldown 50m37s (15m x 1.5^3)")
    }

    @Test func aResetForgetsTheFlaps() throws {
        let type = Self.type()
        let flapped = Self.bounce(type, cycles: 2, gap: .minutes(1), from: t0).last!
        let reset = flapped.state.applying(.control(ControlEntry(reset: "r1")), type: type, at: flapped.state.lastFailureAt! + .minutes(1))
        #expect(reset.state.flapCount == 0 && reset.state.recoveredAt == nil && reset.state.stepRetryAfter == nil)
        let next = Self.fail(reset.state, type, at: reset.state.lastFailureAt ?? t0 + .hours(2))
        #expect(next.state.flapCount == 0 && next.state.stepCooldown == .minutes(15))
    }

    @Test func aLaterStepOfTheEpisodeKeepsTheDampedCooldown() throws {
        let type = Self.type()
        let flapped = Self.bounce(type, cycles: 2, gap: .minutes(1), from: t0).last!
        #expect(flapped.state.tier == 2 && flapped.state.flapCount == 2)
        // Tier 2 fails too: the way back to tier 1 must not shrink to the base cooldown.
        let lower = Self.fail(flapped.state, type, at: flapped.state.lastFailureAt! + .minutes(5))
        #expect(lower.state.tier == 3 && lower.state.flapCount == 2 && lower.state.stepCooldown == .hours(1))
        #expect(lower.events[0].detail == "429 rate_limit_error; after flap 2, cooldown 1h (15m x 2^2)")
        // At the end of the chain the pause keeps it for the record.
        let paused = Self.fail(lower.state, type, at: lower.state.lastFailureAt! + .minutes(5))
        #expect(paused.state.pauseReason == .exhausted && paused.state.stepCooldown == .hours(1))
    }

    @Test func retryAfterAndFlapsTakeTheLongerCappedByMaxCooldown() throws {
        let type = Self.type()
        let flapped = Self.bounce(type, cycles: 1, gap: .minutes(1), from: t0)
        let recovered = Self.succeed(flapped.last!.state, type, at: flapped.last!.state.cooldownUntil!)
        let at = recovered.state.recoveredAt! + .minutes(1)
        // Flap 2: 1h. A shorter Retry-After leaves it, a longer one stretches it, a huge one is capped.
        let shorter = Self.fail(recovered.state, type, at: at, retryAfter: .minutes(30))
        #expect(shorter.state.stepCooldown == .hours(1) && shorter.state.stepRetryAfter == .minutes(30))
        #expect(shorter.events[0].detail == "429 rate_limit_error; flap 2, cooldown 1h (15m x 2^2); retry-after 1800s (under the cooldown of 1h)")
        let longer = Self.fail(recovered.state, type, at: at, retryAfter: .hours(3))
        #expect(longer.state.stepCooldown == .hours(3))
        #expect(longer.events[0].detail == "429 rate_limit_error; flap 2, cooldown 1h (15m x 2^2); retry-after 10800s")
        #expect(longer.events[0].retryAfter == .hours(3))
        let huge = Self.fail(recovered.state, type, at: at, retryAfter: .days(2))
        #expect(huge.state.stepCooldown == .hours(4))
        #expect(huge.events[0].detail.hasSuffix("; retry-after 172800s (capped at max_cooldown 4h)"))
    }

    @Test func theBudgetStepAndAWrapFollowTheSameCount() throws {
        let type = Self.type(onExhausted: .wrap)
        let flapped = Self.bounce(type, cycles: 1, gap: .minutes(1), from: t0).last!
        let recovered = Self.succeed(flapped.state, type, at: flapped.state.cooldownUntil!)
        let budget = recovered.state.applying(.budget(usedTokens: 2000, thresholdTokens: 1000), type: type, at: recovered.state.recoveredAt! + .minutes(2))
        #expect(budget.state.flapCount == 2 && budget.state.stepCooldown == .hours(1))
        #expect(budget.events[0].source == .budget && budget.events[0].detail.hasSuffix("; flap 2, cooldown 1h (15m x 2^2)"))
        // A wrap returns to tier 1 without a recovery: the next step there is no flap.
        let down = Self.fail(budget.state, type, at: budget.state.lastFailureAt! + .minutes(1))
        let wrapped = Self.fail(down.state, type, at: down.state.lastFailureAt! + .minutes(1))
        #expect(wrapped.events[0].kind == .exhaustedWrap && wrapped.state.tier == 1 && wrapped.state.cooldownUntil == nil)
        #expect(wrapped.state.stepCooldown == nil && wrapped.state.stepRetryAfter == nil)
        let again = Self.fail(wrapped.state, type, at: wrapped.state.lastFailureAt! + .minutes(1))
        #expect(again.state.flapCount == 0 && again.state.stepCooldown == .minutes(15))
    }

    @Test func theLedgerReplaysTheFlapState() throws {
        let type = Self.type()
        let transitions = Self.bounce(type, cycles: 3, gap: .minutes(2), from: t0)
        var events = AgentState.created(agent: "coder-1", type: type, at: t0).events
        events += transitions.flatMap(\.events)
        let last = transitions.last!.state
        let recovered = Self.succeed(last, type, at: last.cooldownUntil!)
        events += recovered.events
        let replayed = try #require(AgentState.replay(events)["coder-1"])
        #expect(replayed == recovered.state)
        #expect(replayed.flapCount == 3 && replayed.recoveredAt == last.cooldownUntil)
        #expect(replayed.differences(from: recovered.state).isEmpty)
        var off = replayed
        off.flapCount = 1
        #expect(off.differences(from: recovered.state) == ["flap_count: 1 vs 3"])
    }

    @Test func extremeBackoffsAndCountsSaturateInsteadOfTrapping() {
        for backoff in [1, 1.000001, 2, 1000, .greatestFiniteMagnitude, .infinity, .nan, 0, -3] {
            for count in [0, 1, 63, 64, 1100, Int.max] {
                let policy = FailoverPolicy(cooldown: .minutes(15), backoff: backoff)
                let cooldown = policy.stepCooldown(flapCount: count, retryAfter: nil)
                #expect(cooldown.effective >= .minutes(15) && cooldown.effective <= .hours(4), "backoff \(backoff) count \(count)")
                if count == 0 { #expect(cooldown.effective == .minutes(15)) }
            }
        }
        // Saturated: one more flap at the largest count is still the largest count.
        let state = AgentState(agent: "coder-1", flapCount: .max, recoveredAt: t0)
        #expect(Self.fail(state, Self.type(), at: t0).state.flapCount == .max)
    }
}
