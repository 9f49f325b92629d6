/// One recorded task's usage: what `record` stores for every accepted outcome.
public struct UsageEntry: Sendable, Hashable {
    public var agent: AgentID
    public var agentType: AgentTypeName
    public var at: Timestamp
    /// The tier the task ran on, and its provider and model.
    public var tier: Int
    public var provider: ProviderName
    public var model: String
    public var outcome: OutcomeKind
    public var inputTokens: Int
    public var outputTokens: Int
    /// What the outcome line said beyond usage; nil for rows recorded before failover kept it.
    public var details: OutcomeDetails?

    public init(agent: AgentID, agentType: AgentTypeName, at: Timestamp, tier: Int, provider: ProviderName, model: String, outcome: OutcomeKind, inputTokens: Int, outputTokens: Int,
                details: OutcomeDetails? = nil) {
        self.agent = agent
        self.agentType = agentType
        self.at = at
        self.tier = tier
        self.provider = provider
        self.model = model
        self.outcome = outcome
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.details = details
    }

    /// This task's own totals: one task, its tokens, a failure or not.
    public var totals: UsageTotals {
        UsageTotals(inputTokens: inputTokens, outputTokens: outputTokens, tasks: 1, failures: outcome.isFailure ? 1 : 0)
    }
}

/// Token and task counts over some span. Sums saturate (see `Saturating.swift`).
public struct UsageTotals: Sendable, Hashable {
    public var inputTokens: Int = 0
    public var outputTokens: Int = 0
    public var tasks: Int = 0
    public var failures: Int = 0

    public init(inputTokens: Int = 0, outputTokens: Int = 0, tasks: Int = 0, failures: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.tasks = tasks
        self.failures = failures
    }

    public var tokens: Int { inputTokens.addingSaturating(outputTokens) }

    public static func + (lhs: UsageTotals, rhs: UsageTotals) -> UsageTotals {
        UsageTotals(inputTokens: lhs.inputTokens.addingSaturating(rhs.inputTokens), outputTokens: lhs.outputTokens.addingSaturating(rhs.outputTokens),
                    tasks: lhs.tasks.addingSaturating(rhs.tasks), failures: lhs.failures.addingSaturating(rhs.failures))
    }

    /// `sign` is +1 or -1: the window plan adds some spans and subtracts others.
    public static func * (lhs: UsageTotals, sign: Int) -> UsageTotals {
        UsageTotals(inputTokens: lhs.inputTokens.multipliedSaturating(by: sign), outputTokens: lhs.outputTokens.multipliedSaturating(by: sign),
                    tasks: lhs.tasks.multipliedSaturating(by: sign), failures: lhs.failures.multipliedSaturating(by: sign))
    }
}
