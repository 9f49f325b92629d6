import FailoverCore
import TestSupport
import Testing

/// The budget hold (specs/token-budget.md): over its threshold a type's budget moves instances off
/// tier 1 and keeps them off, instead of walking them down the chain task by task.
@Suite struct BudgetHoldTests {
    static let type = Machine.coder()
    static let window = UsageWindow.span(.hours(24))
    static let onTier2 = AgentState(agent: "coder-1", tier: 2, cooldownUntil: Machine.at(minutes: 15), lastFailureKind: .tokenBudget,
                                    lastFailureAt: Machine.t0)

    static func record(_ result: TaskOutcome.Result = .success, from state: AgentState, at minutes: Int, used: Int) -> OutcomeStep {
        let outcome = TaskOutcome(agent: "coder-1", at: Machine.at(minutes: minutes), result: result, inputTokens: 10, outputTokens: 5)
        return AgentState.recording(outcome, stored: state, type: type, window: window, classifier: .standard, redactor: .shapesOnly)
            .budgetChecked(usedTokens: used)
    }

    @Test func aBudgetCheckBelowTier1StepsNothing() {
        let held = Self.onTier2.applying(.budget(usedTokens: 5000, thresholdTokens: 1000), type: Self.type, at: Machine.at(minutes: 1))
        #expect(held.state == Self.onTier2 && held.events.isEmpty)
        #expect(held.ignored == .overBudget)
        let under = Self.onTier2.applying(.budget(usedTokens: 1000, thresholdTokens: 1000), type: Self.type, at: Machine.at(minutes: 1))
        #expect(under.ignored == .withinBudget)
    }

    @Test func overBudgetASuccessAfterTheCooldownKeepsTheTier() {
        let held = Self.onTier2.applying(.success(tier: nil, overBudget: true), type: Self.type, at: Machine.at(minutes: 20))
        #expect(held.state == Self.onTier2 && held.events.isEmpty && held.ignored == .overBudget)
        // Inside the cooldown nothing would have moved anyway: no hold to report.
        let early = Self.onTier2.applying(.success(tier: nil, overBudget: true), type: Self.type, at: Machine.at(minutes: 5))
        #expect(early.ignored == nil)
    }

    @Test func aHeldSuccessStillEndsA5xxRun() {
        var streaking = Self.onTier2
        streaking.serverErrorStreak = 2
        let held = streaking.applying(.success(tier: 2, overBudget: true), type: Self.type, at: Machine.at(minutes: 20))
        #expect(held.state.tier == 2 && held.state.serverErrorStreak == 0)
        #expect(held.events.map(\.kind) == [.serverErrorsCleared] && held.ignored == .overBudget)
    }

    @Test func otherTriggersStillStepBelowTier1() {
        let stepped = Self.onTier2.applying(Machine.failure(.auth), type: Self.type, at: Machine.at(minutes: 1))
        #expect(stepped.state.tier == 3 && stepped.events.map(\.kind) == [.stepDown])
    }

    /// Through the composed step as `record` runs it: tier 1 → 2 once, then held however many tasks
    /// run over budget, then back to tier 1 once usage is under the threshold.
    @Test func theComposedStepStepsOnceHoldsThenRecovers() {
        let first = Self.record(from: AgentState(agent: "coder-1"), at: 0, used: 5000)
        #expect(first.transition.state.tier == 2 && first.transition.events.map(\.source) == [.budget])
        var state = first.transition.state
        for minute in [1, 5, 20, 60, 120] {
            let step = Self.record(from: state, at: minute, used: 5000)
            #expect(step.transition.state.tier == 2 && step.transition.events.isEmpty, "minute \(minute)")
            #expect(!step.moved)
            state = step.transition.state
        }
        #expect(Self.record(from: state, at: 121, used: 5000).transition.ignored == .overBudget)
        let back = Self.record(from: state, at: 130, used: 1000)
        #expect(back.transition.state.tier == 1 && back.transition.events.map(\.kind) == [.recovered])
    }

    /// Over budget every instance below tier 1 is held, whatever moved it there: one a failure of the
    /// primary moved would otherwise return to the overspent primary only to be stepped off it again.
    /// Another trigger still steps a held one.
    @Test func everyInstanceBelowTierOneIsHeld() {
        let authStepped = AgentState(agent: "coder-1", tier: 2, cooldownUntil: Machine.at(minutes: 15), lastFailureKind: .auth, lastFailureAt: Machine.t0)
        let held = Self.record(from: authStepped, at: 20, used: 5000)
        #expect(held.transition.state.tier == 2 && held.transition.events.isEmpty && held.transition.ignored == .overBudget)
        let back = Self.record(from: authStepped, at: 20, used: 500)
        #expect(back.transition.state.tier == 1 && back.transition.events.map(\.kind) == [.recovered], "under the threshold it recovers")
        let failing = Self.record(.error(ErrorReport(status: 429, errorType: "rate_limit_error")), from: Self.onTier2, at: 20, used: 5000)
        #expect(failing.transition.state.tier == 3 && failing.transition.events.first?.failureKind == .rateLimit)
    }

    /// Random outcomes and window sums through the composed step: no budget step below tier 1, no
    /// return to tier 1 over budget, and the ledger replays to the state left.
    @Test(arguments: 0..<12)
    func theHoldHoldsOverRandomRuns(seed: UInt64) {
        var rng = SeededGenerator(seed: 1400 + seed)
        let type = PropertyTests.types(&rng)
        var state: AgentState?
        var events: [LedgerEvent] = []
        for minute in 0..<Hostile.iterations(300) {
            let result: TaskOutcome.Result = Int.random(in: 0..<3, using: &rng) > 0
                ? .success
                : .error(ErrorReport(status: [401, 429, 500, 400].randomElement(using: &rng)!, errorType: nil))
            let outcome = TaskOutcome(agent: "coder-1", at: Machine.at(minutes: minute * 4), result: result)
            let used = Int.random(in: 0...2000, using: &rng)
            let step = AgentState.recording(outcome, stored: state, type: type, window: Self.window, classifier: .standard, redactor: .shapesOnly)
                .budgetChecked(usedTokens: used)
            for event in step.transition.events where event.source == .budget { #expect(event.fromTier == 1, "seed \(seed)") }
            // A wrap at the end of the chain (another trigger) may still reach tier 1; a success may not
            // bring back an instance below it, whatever moved it there.
            if case .success = result, used > 1000, step.start.tier > 1, !step.start.paused,
               TokenBudget.isEnforced(type, window: Self.window) {
                #expect(step.transition.state.tier != 1, "seed \(seed): back to tier 1 over budget")
            }
            state = step.transition.state
            events += step.transition.events
        }
        #expect(AgentState.replay(events)["coder-1"] == state, "seed \(seed)")
    }
}
