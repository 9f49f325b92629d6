import FailoverCore
import GRDB

/// One recorded task's usage: a row of `task_usage`.
public struct UsageEntry: Sendable, Hashable {
    public var agent: String
    public var agentType: String
    public var at: Timestamp
    public var tier: Int
    public var provider: String
    public var model: String
    /// `success`, or the failure kind.
    public var outcome: String
    public var inputTokens: Int
    public var outputTokens: Int

    public init(agent: String, agentType: String, at: Timestamp, tier: Int, provider: String, model: String, outcome: String, inputTokens: Int, outputTokens: Int) {
        self.agent = agent
        self.agentType = agentType
        self.at = at
        self.tier = tier
        self.provider = provider
        self.model = model
        self.outcome = outcome
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    var isFailure: Bool { outcome != "success" }

    static func insert(_ entry: UsageEntry, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            entry.agent, entry.agentType, entry.at.seconds, entry.tier, entry.provider, entry.model, entry.outcome,
            entry.inputTokens, entry.outputTokens,
        ])
    }
}

/// Token and task counts over some span.
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

    static func + (lhs: UsageTotals, rhs: UsageTotals) -> UsageTotals {
        UsageTotals(inputTokens: lhs.inputTokens.addingSaturating(rhs.inputTokens), outputTokens: lhs.outputTokens.addingSaturating(rhs.outputTokens),
                    tasks: lhs.tasks.addingSaturating(rhs.tasks), failures: lhs.failures.addingSaturating(rhs.failures))
    }

    static func * (lhs: UsageTotals, sign: Int) -> UsageTotals {
        UsageTotals(inputTokens: lhs.inputTokens.multipliedSaturating(by: sign), outputTokens: lhs.outputTokens.multipliedSaturating(by: sign),
                    tasks: lhs.tasks.multipliedSaturating(by: sign), failures: lhs.failures.multipliedSaturating(by: sign))
    }

    /// Columns as `UsageQueries` selects them: token sums from `TOTAL()` (a float, so an overflowing
    /// sum never aborts the query), counts from `SUM()`.
    init(row: Row, offset: Int = 0) {
        inputTokens = Int(saturating: row[offset] ?? 0.0)
        outputTokens = Int(saturating: row[offset + 1] ?? 0.0)
        tasks = Int(saturating: row[offset + 2] ?? 0.0)
        failures = Int(saturating: row[offset + 3] ?? 0.0)
    }
}
