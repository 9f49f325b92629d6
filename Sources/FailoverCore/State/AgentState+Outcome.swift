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
    /// Whether the budget rule runs after this outcome (see `checksBudget`).
    public let checksBudget: Bool
    let type: AgentType

    /// The tier changed or the instance was paused.
    public var moved: Bool { transition.state.tier != start.tier || transition.state.paused != start.paused }

    /// Applies the budget rule with the type's usage over the window, this outcome included, and
    /// no-ops where the rule does not run: after an outcome that moved the instance, after a late
    /// one (a result from a tier already left must not step twice), or where the type's budget is
    /// not enforced.
    public func budgetChecked(usedTokens: Int) -> OutcomeStep {
        guard checksBudget, let threshold = type.usageThresholdTokens else { return self }
        let budget = transition.state.applying(.budget(usedTokens: usedTokens, thresholdTokens: threshold), type: type, at: outcome.at)
        guard !budget.events.isEmpty else { return self }
        var step = self
        step.transition = Transition(state: budget.state, events: transition.events + budget.events, ignored: nil)
        return step
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
        let movedNothing = transition.state.tier == start.tier && transition.state.paused == start.paused
        let checksBudget = movedNothing && transition.ignored != .late && TokenBudget.isEnforced(type, window: window)
        return OutcomeStep(outcome: outcome, kind: kind, start: start, transition: transition, usage: usage, checksBudget: checksBudget, type: type)
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
