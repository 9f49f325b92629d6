import FailoverCore
import Testing

/// Every row of the transition table in specs/failover.md.
@Suite struct TransitionTests {
    let type = Machine.coder()
    let t0 = Machine.t0

    @Test func createdStartsAtTierOneWithAnEvent() {
        let transition = AgentState.created(agent: "coder-1", type: type, at: t0)
        #expect(transition.state == AgentState(agent: "coder-1"))
        #expect(transition.events.map(\.kind) == [.created])
        #expect(transition.events[0].provider == "anthropic")
        #expect(transition.events[0].source == .config)
    }

    @Test(arguments: [FailureKind.auth, .quota, .rateLimit])
    func aTriggerStepsDownAndStartsTheCooldown(kind: FailureKind) throws {
        let transition = AgentState(agent: "coder-1").applying(Machine.failure(kind), type: type, at: t0)
        #expect(transition.state.tier == 2)
        #expect(transition.state.cooldownUntil == t0 + .minutes(15))
        #expect(transition.state.lastFailureKind == kind)
        #expect(transition.state.lastFailureAt == t0)
        let event = try #require(transition.events.first)
        #expect(event.kind == .stepDown && event.fromTier == 1 && event.toTier == 2)
        #expect(event.failureKind == kind && event.source == .outcome)
        #expect(event.provider == "deepseek" && event.model == "deepseek-chat")
    }

    @Test func otherNeverMoves() {
        let transition = AgentState(agent: "coder-1").applying(Machine.failure(.other), type: type, at: t0)
        #expect(transition.state == AgentState(agent: "coder-1"))
        #expect(transition.events.isEmpty)
        #expect(transition.ignored == .notATrigger)
    }

    @Test func aKindOutsideTheTriggersDoesNotMove() {
        let type = Machine.coder(triggers: [.quota])
        let transition = AgentState(agent: "coder-1").applying(Machine.failure(.auth), type: type, at: t0)
        #expect(transition.state.tier == 1)
        #expect(transition.ignored == .notATrigger)
    }

    @Test func serverErrorsStepOnlyWhenPersistent() {
        let two = Machine.run([Machine.failure(.serverError), Machine.failure(.serverError)])
        #expect(two.state.tier == 1)
        #expect(two.state.serverErrorStreak == 2)
        #expect(two.events.map(\.kind) == [.serverErrorCounted, .serverErrorCounted])
        let three = Machine.run([Machine.failure(.serverError), Machine.failure(.serverError), Machine.failure(.serverError)])
        #expect(three.state.tier == 2)
        #expect(three.state.serverErrorStreak == 0)
        #expect(three.state.lastFailureKind == .serverError)
        #expect(three.events.last?.kind == .stepDown)
    }

    @Test func aSuccessResetsTheServerErrorCount() {
        let run = Machine.run([Machine.failure(.serverError), Machine.failure(.serverError), .success(tier: nil), Machine.failure(.serverError), Machine.failure(.serverError)])
        #expect(run.state.tier == 1)
        #expect(run.state.serverErrorStreak == 2)
        #expect(run.events.map(\.kind).contains(.serverErrorsCleared))
    }

    @Test func otherErrorsDoNotBreakAServerErrorRun() {
        let run = Machine.run([Machine.failure(.serverError), Machine.failure(.other), Machine.failure(.serverError), Machine.failure(.serverError)])
        #expect(run.state.tier == 2)
    }

    @Test func successInsideTheCooldownStays() {
        let stepped = AgentState(agent: "coder-1").applying(Machine.failure(.auth), type: type, at: t0).state
        let transition = stepped.applying(.success(tier: 2), type: type, at: t0 + .minutes(14))
        #expect(transition.state == stepped)
        #expect(transition.events.isEmpty)
    }

    @Test func successAtOrAfterTheCooldownReturnsToTierOne() throws {
        let stepped = AgentState(agent: "coder-1").applying(Machine.failure(.auth), type: type, at: t0).state
        let transition = stepped.applying(.success(tier: 2), type: type, at: t0 + .minutes(15))
        #expect(transition.state.tier == 1)
        #expect(transition.state.cooldownUntil == nil)
        let event = try #require(transition.events.first)
        #expect(event.kind == .recovered && event.fromTier == 2 && event.toTier == 1 && event.provider == "anthropic")
    }

    @Test func aFailureOnTierTwoStepsToTierThree() {
        let run = Machine.run([Machine.failure(.auth), Machine.failure(.quota)])
        #expect(run.state.tier == 3)
        #expect(run.state.lastFailureKind == .quota)
    }

    @Test func exhaustionPauses() throws {
        let run = Machine.run([Machine.failure(.auth), Machine.failure(.auth), Machine.failure(.auth)])
        #expect(run.state.tier == 3)
        #expect(run.state.paused)
        #expect(!run.state.isDispatchable)
        let event = try #require(run.events.last)
        #expect(event.kind == .exhaustedPause && event.fromTier == 3 && event.toTier == 3 && event.paused)
        #expect(run.state.pauseReason == .exhausted)
    }

    @Test func aPauseKnowsWhyAndAnOperatorPauseDoesNotHideAnExhaustion() {
        let byOperator = AgentState(agent: "coder-1").applying(.control(ControlEntry(paused: true)), type: type, at: t0).state
        #expect(byOperator.pauseReason == .operator)
        let exhausted = Machine.run([Machine.failure(.auth), Machine.failure(.auth), Machine.failure(.auth)]).state
        // `paused: true` on an exhausted instance changes nothing: it still needs a reset.
        let pausedAgain = exhausted.applying(.control(ControlEntry(paused: true)), type: type, at: t0 + .hours(1))
        #expect(pausedAgain.events.isEmpty && pausedAgain.state.pauseReason == .exhausted)
        let reset = exhausted.applying(.control(ControlEntry(reset: "r1")), type: type, at: t0 + .hours(1)).state
        #expect(reset.pauseReason == nil && !reset.paused)
        let resetAndPaused = exhausted.applying(.control(ControlEntry(paused: true, reset: "r2")), type: type, at: t0 + .hours(1)).state
        #expect(resetAndPaused.pauseReason == .operator)
    }

    @Test func replayGivesEveryPauseItsReason() {
        let exhausted = Machine.run([Machine.failure(.auth), Machine.failure(.auth), Machine.failure(.auth)])
        #expect(AgentState.replay(exhausted.events)["coder-1"]?.pauseReason == .exhausted)
        let paused = AgentState(agent: "coder-1").applying(.control(ControlEntry(paused: true)), type: type, at: t0)
        #expect(AgentState.replay(paused.events)["coder-1"]?.pauseReason == .operator)
        let unpaused = paused.state.applying(.control(ControlEntry(paused: false)), type: type, at: t0 + .minutes(1))
        #expect(AgentState.replay(paused.events + unpaused.events)["coder-1"]?.pauseReason == nil)
        // A state that differs only in the reason is a difference `verify` reports.
        var other = exhausted.state
        other.pauseReason = .operator
        #expect(exhausted.state.differences(from: other) == ["pause_reason: exhausted vs operator"])
    }

    @Test func exhaustionWrapsWhenConfigured() throws {
        let run = Machine.run([Machine.failure(.auth), Machine.failure(.auth), Machine.failure(.rateLimit)], type: Machine.coder(onExhausted: .wrap))
        #expect(run.state.tier == 1)
        #expect(!run.state.paused)
        #expect(run.state.cooldownUntil == nil)
        #expect(run.state.lastFailureKind == .rateLimit)
        #expect(run.events.last?.kind == .exhaustedWrap)
    }

    @Test func aPausedInstanceNeverMoves() {
        let paused = AgentState(agent: "coder-1", tier: 2, paused: true)
        for input in [Machine.failure(.auth), .success(tier: nil), .budget(usedTokens: 5000, thresholdTokens: 1000)] {
            let transition = paused.applying(input, type: type, at: t0 + .days(1))
            #expect(transition.state == paused)
            #expect(transition.ignored == .paused)
        }
    }

    @Test func aChainOfOneNeverMoves() {
        let solo = Machine.coder(chainLength: 1)
        let run = Machine.run([Machine.failure(.auth), Machine.failure(.quota), Machine.failure(.serverError), Machine.failure(.serverError),
                               Machine.failure(.serverError), .budget(usedTokens: 9999, thresholdTokens: 1)], type: solo)
        #expect(run.state == AgentState(agent: "coder-1"))
        #expect(run.events.isEmpty)
    }

    @Test func aLateResultFromAnOldTierMovesNothing() {
        let stepped = AgentState(agent: "coder-1").applying(Machine.failure(.auth, tier: 1), type: type, at: t0).state
        // A second failure from the same tier-1 task wave arrives after the step.
        let late = stepped.applying(Machine.failure(.auth, tier: 1), type: type, at: t0 + .minutes(1))
        #expect(late.state == stepped)
        #expect(late.ignored == .late)
        let lateSuccess = stepped.applying(.success(tier: 1), type: type, at: t0 + .hours(1))
        #expect(lateSuccess.state == stepped)
    }

    @Test func budgetOverrunStepsThroughTheSamePath() throws {
        let transition = AgentState(agent: "coder-1").applying(.budget(usedTokens: 1001, thresholdTokens: 1000), type: type, at: t0)
        #expect(transition.state.tier == 2)
        #expect(transition.state.lastFailureKind == .tokenBudget)
        #expect(transition.state.cooldownUntil == t0 + .minutes(15))
        let event = try #require(transition.events.first)
        #expect(event.kind == .stepDown && event.failureKind == .tokenBudget && event.source == .budget)
        #expect(event.detail == "usage=1001/1000")
    }

    @Test func budgetAtTheThresholdOrWithoutTheTriggerDoesNothing() {
        let exact = AgentState(agent: "coder-1").applying(.budget(usedTokens: 1000, thresholdTokens: 1000), type: type, at: t0)
        #expect(exact.state.tier == 1)
        #expect(exact.ignored == .withinBudget)
        let untriggered = AgentState(agent: "coder-1").applying(.budget(usedTokens: 5000, thresholdTokens: 1000), type: Machine.coder(triggers: [.auth]), at: t0)
        #expect(untriggered.state.tier == 1)
    }

    @Test func controlPauseIsALevel() {
        let paused = AgentState(agent: "coder-1").applying(.control(ControlEntry(paused: true)), type: type, at: t0)
        #expect(paused.state.paused)
        #expect(paused.events.map(\.kind) == [.paused])
        #expect(paused.events[0].source == .config)
        let again = paused.state.applying(.control(ControlEntry(paused: true)), type: type, at: t0 + .minutes(1))
        #expect(again.events.isEmpty)
        let unpaused = paused.state.applying(.control(ControlEntry(paused: false)), type: type, at: t0 + .minutes(2))
        #expect(!unpaused.state.paused)
        #expect(unpaused.events.map(\.kind) == [.unpaused])
        let absent = unpaused.state.applying(.control(ControlEntry()), type: type, at: t0 + .minutes(3))
        #expect(absent.events.isEmpty)
    }

    @Test func pausedFalseNeverLiftsAnExhaustedPauseButAResetDoes() {
        let exhausted = Machine.run([Machine.failure(.auth), Machine.failure(.auth), Machine.failure(.auth)]).state
        #expect(exhausted.pauseReason == .exhausted)
        let transition = exhausted.applying(.control(ControlEntry(paused: false)), type: type, at: t0 + .hours(1))
        #expect(transition.state == exhausted && transition.events.isEmpty, "paused: false governs the operator's pause only")
        let reset = exhausted.applying(.control(ControlEntry(paused: false, reset: "r1")), type: type, at: t0 + .hours(1))
        #expect(reset.state.tier == 1 && !reset.state.paused)
        #expect(reset.events.map(\.kind) == [.reset])
        // An operator's pause is still lifted by paused: false.
        let byOperator = AgentState(agent: "coder-1").applying(.control(ControlEntry(paused: true)), type: type, at: t0).state
        #expect(!byOperator.applying(.control(ControlEntry(paused: false)), type: type, at: t0 + .minutes(1)).state.paused)
    }

    @Test func controlResetIsAnEdgeAppliedOncePerValue() throws {
        let exhausted = Machine.run([Machine.failure(.auth), Machine.failure(.auth), Machine.failure(.auth)]).state
        let reset = exhausted.applying(.control(ControlEntry(reset: "2026-11-24T10:15Z")), type: type, at: t0 + .hours(1))
        #expect(reset.state.tier == 1 && !reset.state.paused && reset.state.cooldownUntil == nil)
        #expect(reset.state.lastResetToken == "2026-11-24T10:15Z")
        let event = try #require(reset.events.first)
        #expect(event.kind == .reset && event.fromTier == 3 && event.toTier == 1 && event.source == .config)
        // The same value on later cycles does nothing, even after the agent moved again.
        let stepped = reset.state.applying(Machine.failure(.auth), type: type, at: t0 + .hours(2)).state
        let again = stepped.applying(.control(ControlEntry(reset: "2026-11-24T10:15Z")), type: type, at: t0 + .hours(3))
        #expect(again.state == stepped)
        // A new value resets again.
        let newer = stepped.applying(.control(ControlEntry(reset: "2026-11-24T12:00Z")), type: type, at: t0 + .hours(4))
        #expect(newer.state.tier == 1)
    }

    @Test func resetThenPausedLevelBothApply() {
        let start = AgentState(agent: "coder-1", tier: 3, paused: false)
        let transition = start.applying(.control(ControlEntry(paused: true, reset: "r1")), type: type, at: t0)
        #expect(transition.state.tier == 1 && transition.state.paused)
        #expect(transition.events.map(\.kind) == [.reset, .paused])
    }

    @Test func aChainEditBeyondTheTierReturnsToTierOne() throws {
        let onThree = AgentState(agent: "coder-1", tier: 3, cooldownUntil: t0 + .minutes(5))
        let transition = onThree.applying(.reconcile, type: Machine.coder(chainLength: 2), at: t0)
        #expect(transition.state.tier == 1 && transition.state.cooldownUntil == nil)
        let event = try #require(transition.events.first)
        #expect(event.kind == .chainChanged && event.fromTier == 3 && event.toTier == 1 && event.source == .config)
        #expect(AgentState(agent: "coder-1", tier: 2).applying(.reconcile, type: Machine.coder(chainLength: 2), at: t0).events.isEmpty)
    }
}
