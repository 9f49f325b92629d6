/// What a provider said when a task failed. Any part may be missing: a dropped connection has no status.
public struct ErrorReport: Sendable, Hashable {
    public var status: Int?
    public var errorType: String?
    public var message: String?
    /// The provider's Retry-After, as a span from the outcome's `at` (a date is resolved by the parser).
    public var retryAfter: TimeSpan?

    public init(status: Int? = nil, errorType: String? = nil, message: String? = nil, retryAfter: TimeSpan? = nil) {
        self.status = status
        self.errorType = errorType
        self.message = message
        self.retryAfter = retryAfter
    }
}

/// One finished task, as the dispatcher reports it to `failover record`.
public struct TaskOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        case success
        case error(ErrorReport)
    }

    public var agent: AgentID
    public var at: Timestamp
    public var result: Result
    public var inputTokens: Int
    public var outputTokens: Int
    /// The tier the task ran on, when the dispatcher knows it; a result from a tier the agent has
    /// since left moves nothing.
    public var tier: Int?

    public init(agent: AgentID, at: Timestamp, result: Result, inputTokens: Int = 0, outputTokens: Int = 0, tier: Int? = nil) {
        self.agent = agent
        self.at = at
        self.result = result
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.tier = tier
    }

    public var tokens: Int { inputTokens + outputTokens }
}
