import FailoverCore
import GRDB

/// `UsageEntry` as a row of `task_usage`.
extension UsageEntry {
    static func insert(_ entry: UsageEntry, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            entry.agent, entry.agentType, entry.at.seconds, entry.tier, entry.provider, entry.model, entry.outcome.rawValue,
            entry.inputTokens, entry.outputTokens,
        ])
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
