/// What the state machine reacts to.
public enum FailoverInput: Sendable, Hashable {
    /// A task succeeded; `tier` is the tier it ran on, when known. `overBudget`: the type's usage
    /// over the window, this task included, is above its enforced threshold, which holds an
    /// instance the budget moved below tier 1 where it is (specs/token-budget.md).
    case success(tier: Int?, overBudget: Bool = false)
    /// A task failed with a classified kind; `detail` says what the provider said; `retryAfter` is
    /// how long the provider asked to be left alone, when it said (already bounded by the parser).
    case failure(FailureKind, tier: Int?, detail: String, retryAfter: TimeSpan? = nil)
    /// Enough of the type's instances left the provider on `tier` within a cooldown (`OutageRule`):
    /// an instance still on that tier follows them without failing a task of its own.
    case outage(FailureKind, tier: Int, detail: String)
    /// After a task that moved nothing: the type's usage over the window against its threshold.
    case budget(usedTokens: Int, thresholdTokens: Int)
    /// The operator's control entry for this instance, read on every cycle.
    case control(ControlEntry)
    /// The config was (re)loaded: check the instance still fits its chain.
    case reconcile
}

/// The machine's answer: the new state and the ledger events that explain it.
public struct Transition: Sendable, Hashable {
    /// Why an input changed nothing.
    public enum Ignored: String, Sendable, Hashable, Codable {
        case paused
        /// The task ran on a tier the instance has since left.
        case late
        /// A chain of one entry has nowhere to go.
        case singleEntryChain = "single_entry_chain"
        /// The kind is `other` or not among the type's triggers.
        case notATrigger = "not_a_trigger"
        /// The budget is not exceeded.
        case withinBudget = "within_budget"
        /// Below tier 1 while the type is over its budget: no return to tier 1, no further budget step.
        case overBudget = "over_budget"
    }

    public var state: AgentState
    public var events: [LedgerEvent]
    public var ignored: Ignored?

    public init(state: AgentState, events: [LedgerEvent] = [], ignored: Ignored? = nil) {
        self.state = state
        self.events = events
        self.ignored = ignored
    }
}
