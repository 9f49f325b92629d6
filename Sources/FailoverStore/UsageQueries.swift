import FailoverCore
import GRDB

/// Exact usage sums over a window, through the hourly rollups (see `UsageWindowPlan`).
enum UsageQueries {
    /// Tokens and tasks of one type with `after < at <= through`.
    static func typeTotals(_ type: AgentTypeName, after: Timestamp, through: Timestamp, in db: Database) throws -> UsageTotals {
        var total = UsageTotals()
        for segment in UsageWindowPlan(first: after.seconds + 1, last: through.seconds).segments {
            let row: Row?
            switch segment.source {
            case .rollup:
                row = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT TOTAL(input_tokens), TOTAL(output_tokens), TOTAL(tasks), TOTAL(failures)
                    FROM usage_hourly_by_type WHERE agent_type = ? AND hour BETWEEN ? AND ?
                    """), arguments: [type, segment.from, segment.through])
            case .raw:
                row = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT TOTAL(input_tokens), TOTAL(output_tokens), COUNT(*), TOTAL(outcome != '\(OutcomeKind.success.rawValue)')
                    FROM task_usage WHERE agent_type = ? AND at BETWEEN ? AND ?
                    """), arguments: [type, segment.from, segment.through])
            }
            if let row { total = total + UsageTotals(row: row) * segment.sign }
        }
        return total
    }

    /// Every agent's totals with `after < at <= through`.
    static func agentTotals(after: Timestamp, through: Timestamp, in db: Database) throws -> [AgentID: UsageTotals] {
        var totals: [AgentID: UsageTotals] = [:]
        let types = try AgentTypeName.fetchAll(db, sql: "SELECT DISTINCT agent_type FROM usage_hourly_by_type")
        for segment in UsageWindowPlan(first: after.seconds + 1, last: through.seconds).segments {
            switch segment.source {
            case .rollup:
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT agent, TOTAL(input_tokens), TOTAL(output_tokens), TOTAL(tasks), TOTAL(failures)
                    FROM usage_hourly_by_agent WHERE hour BETWEEN ? AND ? GROUP BY agent
                    """), arguments: [segment.from, segment.through])
                for row in rows { totals[row[0], default: UsageTotals()] = totals[row[0], default: UsageTotals()] + UsageTotals(row: row, offset: 1) * segment.sign }
            case .raw:
                // The index leads with the type, so seek once per type.
                for type in types {
                    let rows = try Row.fetchAll(db.cachedStatement(sql: """
                        SELECT agent, TOTAL(input_tokens), TOTAL(output_tokens), COUNT(*), TOTAL(outcome != '\(OutcomeKind.success.rawValue)')
                        FROM task_usage WHERE agent_type = ? AND at BETWEEN ? AND ? GROUP BY agent
                        """), arguments: [type, segment.from, segment.through])
                    for row in rows { totals[row[0], default: UsageTotals()] = totals[row[0], default: UsageTotals()] + UsageTotals(row: row, offset: 1) * segment.sign }
                }
            }
        }
        return totals.filter { $0.value != UsageTotals() }
    }

    /// One type's tokens per hour, straight from its hourly rollup: one seek and a row per hour.
    static func hourlyTypeTokens(_ type: AgentTypeName, from: Timestamp, through: Timestamp, in db: Database) throws -> [Int64: Int] {
        var hours: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT hour, input_tokens, output_tokens FROM usage_hourly_by_type WHERE agent_type = ? AND hour BETWEEN ? AND ?
            """), arguments: [type, UsageWindowPlan.floorHour(from.seconds), UsageWindowPlan.floorHour(through.seconds)])
        while let row = try rows.next() {
            hours[row[0]] = (row[1] as Int).addingSaturating(row[2] as Int)
        }
        return hours
    }
}
