import FailoverCore
import GRDB

/// `UsageEntry` as a row of `task_usage`.
extension UsageEntry {
    static func insert(_ entry: UsageEntry, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens,
                                    status, error_type, message, retry_after, stated_tier)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let details = entry.details
        try statement.execute(arguments: [
            entry.agent, entry.agentType, entry.at.seconds, entry.tier, entry.provider, entry.model, entry.outcome.rawValue,
            entry.inputTokens, entry.outputTokens,
            details?.status, details?.errorType, details?.message, details?.retryAfter?.seconds, details?.statedTier,
        ])
    }

    /// The columns `init(row:)` reads, in order; the row's id last.
    static let columns = "agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens, status, error_type, message, retry_after, stated_tier, id"

    /// A row selected with `columns`. Rows from before `v10-outcome-details` have no details.
    init(row: Row) throws {
        guard let outcome = OutcomeKind(rawValue: row[6]) else {
            throw RowProblem(table: "task_usage", id: row[14], what: "outcome")
        }
        let status: Int? = row[9], errorType: String? = row[10], message: String? = row[11], retryAfter: Int? = row[12], statedTier: Int? = row[13]
        let kept = status != nil || errorType != nil || message != nil || retryAfter != nil || statedTier != nil
        self.init(
            agent: row[0], agentType: row[1], at: Timestamp(seconds: row[2]), tier: row[3], provider: row[4], model: row[5], outcome: outcome,
            inputTokens: row[7], outputTokens: row[8],
            details: kept ? OutcomeDetails(status: status, errorType: errorType, message: message, retryAfter: retryAfter.map { TimeSpan(seconds: $0) },
                                           statedTier: statedTier) : nil
        )
    }
}

extension UsageTotals {
    /// Columns as `UsageQueries` selects them: token sums from `TOTAL()` (a float, so an overflowing
    /// sum never aborts the query), counts from `SUM()`.
    init(row: Row, offset: Int = 0) {
        self.init(
            inputTokens: Int(saturating: row[offset] ?? 0.0),
            outputTokens: Int(saturating: row[offset + 1] ?? 0.0),
            tasks: Int(saturating: row[offset + 2] ?? 0.0),
            failures: Int(saturating: row[offset + 3] ?? 0.0)
        )
    }
}
