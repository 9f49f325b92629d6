/// The whole per-outcome step of `record` (specs/failover.md, specs/token-budget.md), pure: open the
/// instance, classify the outcome on the tier it ran on, apply it, say what usage to store, and,
/// once the store has summed the window with that usage in it, the budget check. `RecordRunner`
/// only reads and writes what this decides.
public struct OutcomeStep: Sendable {
    public var outcome: TaskOutcome
    public var kind: OutcomeKind
    /// The state the outcome met: stored or new, inside its chain.
    public var start: AgentState
    /// Everything so far: opening, the outcome and, after `budgetChecked`, the budget.
    public var transition: Transition
    /// What to store for this task, before the budget's window sum is taken.
    public var usage: UsageEntry
    /// Whether the budget rule runs after this outcome (see `checksBudget(after:)`).
    public private(set) var checksBudget: Bool
    let type: AgentType
    /// The opening and the input, kept so a success can be applied again once the window sum
    /// says the type is over budget (the sum needs this task's usage stored first).
    let opened: Transition
    let input: FailoverInput
    let enforced: Bool

    /// The tier changed or the instance was paused.
    public var moved: Bool { transition.state.tier != start.tier || transition.state.paused != start.paused }

    /// Applies the budget with the type's usage over the window, this outcome included. Over the
    /// threshold, a success is applied again as held (below tier 1 it does not recover), then the
    /// budget rule runs: a step from tier 1 only. Nothing runs where the budget is not enforced,
    /// after an outcome that moved the instance, or after a late one (a result from a tier
    /// already left must not step twice).
    public func budgetChecked(usedTokens: Int) -> OutcomeStep {
        guard enforced, let threshold = type.usageThresholdTokens else { return self }
        var step = self
        if TokenBudget.isExceeded(used: usedTokens, threshold: threshold), case .success(let tier, false) = input {
            step.transition = opened.then { $0.applying(.success(tier: tier, overBudget: true), type: type, at: outcome.at) }
            step.checksBudget = Self.checksBudget(after: step.transition, from: start, enforced: enforced)
        }
        guard step.checksBudget else { return step }
        let budget = step.transition.state.applying(.budget(usedTokens: usedTokens, thresholdTokens: threshold), type: type, at: outcome.at)
        guard !budget.events.isEmpty else {
            // A hold is news to the reader of `record --json` where the outcome itself said nothing.
            if budget.ignored == .overBudget, step.transition.ignored == nil { step.transition.ignored = .overBudget }
            return step
        }
        step.transition = Transition(state: budget.state, events: step.transition.events + budget.events, ignored: nil)
        return step
    }

    /// The budget rule runs only after an outcome that moved nothing and was not late.
    static func checksBudget(after transition: Transition, from start: AgentState, enforced: Bool) -> Bool {
        let movedNothing = transition.state.tier == start.tier && transition.state.paused == start.paused
        return movedNothing && transition.ignored != .late && enforced
    }
}

extension AgentState {
    /// The state machine's answer to one outcome. `redactor` cleans the provider's message before it
    /// becomes the ledger's detail.
    public static func recording(_ outcome: TaskOutcome, stored: AgentState?, type: AgentType, window: UsageWindow,
                                 classifier: ErrorClassifier, redactor: SecretRedactor) -> OutcomeStep {
        let opened = opening(stored: stored, agent: outcome.agent, type: type, at: outcome.at)
        let start = opened.state
        let ranTier = outcome.tier ?? start.tier
        let entry = type.entry(forTier: ranTier) ?? type.chain[0]
        let kind: OutcomeKind
        let input: FailoverInput
        switch outcome.result {
        case .success:
            kind = .success
            input = .success(tier: outcome.tier)
        case .error(let report):
            let classification = classifier.classify(report, provider: entry.provider)
            kind = .failure(classification.kind)
            input = .failure(classification.kind, tier: outcome.tier, detail: report.ledgerDetail(classification, redactor: redactor),
                             retryAfter: report.retryAfter)
        }
        let transition = opened.then { $0.applying(input, type: type, at: outcome.at) }
        let usage = UsageEntry(
            agent: outcome.agent, agentType: type.name, at: outcome.at, tier: ranTier, provider: entry.provider, model: entry.model,
            outcome: kind, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens
        )
        let enforced = TokenBudget.isEnforced(type, window: window)
        return OutcomeStep(outcome: outcome, kind: kind, start: start, transition: transition, usage: usage,
                           checksBudget: OutcomeStep.checksBudget(after: transition, from: start, enforced: enforced),
                           type: type, opened: opened, input: input, enforced: enforced)
    }
}

extension ErrorReport {
    /// The ledger keeps this many characters of a provider's message.
    public static let maximumDetailLength = 500

    /// `401 authentication_error: invalid x-api-key (anthropic: authentication_error)`. Secrets are
    /// removed before the text is cut short, so no cut can leave a piece of a key behind; control
    /// characters are written as visible escapes.
    public func ledgerDetail(_ classification: Classification, redactor: SecretRedactor) -> String {
        var parts: [String] = []
        if let status { parts.append(String(status)) }
        if let errorType, !errorType.isEmpty { parts.append(errorType) }
        var text = parts.joined(separator: " ")
        if let message, !message.isEmpty {
            text += (text.isEmpty ? "" : ": ") + message
        }
        if text.isEmpty { text = "error without status, type or message" }
        return TerminalText.escaped(redactor.redactedPrefix(text, limit: Self.maximumDetailLength)) + " (\(classification.rule))"
    }
}
