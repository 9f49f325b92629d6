import FailoverCore
import TestSupport
import Testing

/// The per-outcome and per-cycle steps as `record` and `cycle` run them, without a store: the rules
/// that used to live in the runners, where no property test could reach them.
@Suite struct ComposedStepTests {
    static let type = Machine.coder()
    static let window = UsageWindow.span(.hours(24))

    static func outcome(_ result: TaskOutcome.Result = .success, tier: Int? = nil, at minutes: Int = 0) -> TaskOutcome {
        TaskOutcome(agent: "coder-1", at: Machine.at(minutes: minutes), result: result, inputTokens: 10, outputTokens: 5, tier: tier)
    }

    static func record(_ outcome: TaskOutcome, from state: AgentState?, used: Int? = nil) -> OutcomeStep {
        let step = AgentState.recording(outcome, stored: state, type: type, window: window, classifier: .standard, redactor: .shapesOnly)
        return used.map { step.budgetChecked(usedTokens: $0) } ?? step
    }

    @Test func anOutcomeOverBudgetThatMovedNothingSteps() {
        let step = Self.record(Self.outcome(), from: AgentState(agent: "coder-1"), used: 5000)
        #expect(step.transition.state.tier == 2)
        #expect(step.transition.events.map(\.kind) == [.stepDown])
        #expect(step.transition.events.first?.failureKind == .tokenBudget)
        #expect(step.moved && step.transition.ignored == nil)
    }

    @Test func anOutcomeThatMovedIsNotAlsoBudgetChecked() {
        let step = Self.record(Self.outcome(.error(ErrorReport(status: 401, errorType: "authentication_error"))), from: AgentState(agent: "coder-1"), used: 5000)
        #expect(step.transition.state.tier == 2, "one step, not two")
        #expect(step.transition.events.map(\.kind) == [.stepDown])
        #expect(step.transition.events.first?.failureKind == .auth)
    }

    @Test func aLateOutcomeIsNeverBudgetChecked() {
        let onTier2 = AgentState(agent: "coder-1", tier: 2, cooldownUntil: Machine.at(minutes: 15))
        let step = Self.record(Self.outcome(tier: 1), from: onTier2, used: 5000)
        #expect(!step.checksBudget)
        #expect(step.transition.state == onTier2)
        #expect(step.transition.ignored == .late)
    }

    @Test func theBudgetIsCheckedOnlyWhereItIsEnforced() {
        var untriggered = Self.type
        untriggered.failover.triggers.remove(.tokenBudget)
        let step = AgentState.recording(Self.outcome(), stored: nil, type: untriggered, window: Self.window, classifier: .standard, redactor: .shapesOnly)
        #expect(!step.checksBudget && step.budgetChecked(usedTokens: 5000).transition.state.tier == 1)
        let all = AgentState.recording(Self.outcome(), stored: nil, type: Self.type, window: .all, classifier: .standard, redactor: .shapesOnly)
        #expect(!all.checksBudget)
    }

    @Test func usageNamesTheTierTheTaskRanOnAndItsKind() {
        let step = Self.record(Self.outcome(.error(ErrorReport(status: 429, errorType: "rate_limit_error")), tier: 1), from: AgentState(agent: "coder-1", tier: 2))
        #expect(step.usage.tier == 1 && step.usage.provider == "anthropic" && step.usage.outcome == .failure(.rateLimit))
        #expect(step.kind == .failure(.rateLimit))
    }

    @Test func aFirstOutcomeOpensTheAgentAndAnEditedChainBringsItBack() {
        let first = Self.record(Self.outcome(), from: nil)
        #expect(first.transition.events.map(\.kind) == [.created])
        var short = Self.type
        short.chain = Array(short.chain.prefix(1))
        let shrunk = AgentState.recording(Self.outcome(), stored: AgentState(agent: "coder-1", tier: 3), type: short, window: Self.window, classifier: .standard, redactor: .shapesOnly)
        #expect(shrunk.start.tier == 1 && shrunk.transition.events.map(\.kind) == [.chainChanged])
    }

    @Test func aCycleOpensReconcilesThenAppliesControl() {
        let transition = AgentState.cycling(stored: AgentState(agent: "coder-1", tier: 3), agent: "coder-1", type: Self.type,
                                            control: ControlEntry(paused: true, reset: "r1"), at: Machine.t0)
        #expect(transition.events.map(\.kind) == [.reset, .paused])
        #expect(transition.state.tier == 1 && transition.state.paused)
    }

    /// Random outcomes and budget sums through the composed step: the guard holds on every one, and
    /// the ledger it writes replays to the state it leaves.
    @Test(arguments: 0..<12)
    func theComposedStepKeepsItsRules(seed: UInt64) {
        var rng = SeededGenerator(seed: 900 + seed)
        let type = PropertyTests.types(&rng)
        var state: AgentState?
        var events: [LedgerEvent] = []
        for minute in 0..<Hostile.iterations(300) {
            let tier: Int? = Bool.random(using: &rng) ? nil : Int.random(in: 1...type.chain.count, using: &rng)
            let result: TaskOutcome.Result = Bool.random(using: &rng)
                ? .success
                : .error(ErrorReport(status: [401, 402, 429, 500, 503, 400].randomElement(using: &rng)!, errorType: nil, message: Hostile.string(&rng)))
            let outcome = TaskOutcome(agent: "coder-1", at: Machine.at(minutes: minute * 7), result: result, tier: tier)
            var step = AgentState.recording(outcome, stored: state, type: type, window: Self.window, classifier: .standard, redactor: .shapesOnly)
            let beforeBudget = step.transition
            step = step.budgetChecked(usedTokens: Int.random(in: 0...3000, using: &rng))
            let budgetEvents = step.transition.events.count - beforeBudget.events.count
            if budgetEvents > 0 {
                #expect(beforeBudget.ignored != .late, "seed \(seed): budget after a late outcome")
                #expect(beforeBudget.state.tier == step.start.tier && beforeBudget.state.paused == step.start.paused, "seed \(seed): budget after a move")
                #expect(step.transition.events.last?.failureKind == .tokenBudget)
            }
            #expect(budgetEvents <= 1)
            #expect((1...type.chain.count).contains(step.transition.state.tier))
            state = step.transition.state
            events += step.transition.events
        }
        #expect(AgentState.replay(events)["coder-1"] == state, "seed \(seed)")
    }
}
