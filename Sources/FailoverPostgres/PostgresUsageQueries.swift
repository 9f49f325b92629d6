import FailoverCore
import PostgresNIO

/// Exact usage sums over a window through the hourly rollups, planned as SQLite's store plans them
/// (`UsageWindowPlan`), but sent as one statement: each segment a signed sub-sum, added up by the server
/// in NUMERIC (never overflowing) and clamped to BIGINT once.
enum PostgresUsageQueries {
    /// NUMERIC to BIGINT, stopping at its ends (SQLite's store saturates the same way).
    static func clamp(_ expression: String) -> String {
        "LEAST(GREATEST(COALESCE(\(expression), 0), -9223372036854775808), 9223372036854775807)::bigint"
    }

    static let success = OutcomeKind.success.rawValue

    /// Tokens and tasks of one type with `after < at <= through`.
    static func typeTotals(_ type: AgentTypeName, after: Timestamp, through: Timestamp, on connection: BlockingConnection) throws -> UsageTotals {
        let segments = UsageWindowPlan(first: after.seconds.addingSaturating(1), last: through.seconds).segments
        guard !segments.isEmpty else { return UsageTotals() }
        var binds = PostgresBindings()
        binds.append(type.rawValue)
        let parts = segments.map { segment -> String in
            binds.append(segment.from)
            binds.append(segment.through)
            let from = "$\(binds.count - 1)", through = "$\(binds.count)"
            switch segment.source {
            case .rollup:
                return """
                    SELECT \(segment.sign) * SUM(input_tokens::numeric), \(segment.sign) * SUM(output_tokens::numeric), \(segment.sign) * SUM(tasks::numeric), \(segment.sign) * SUM(failures::numeric)
                    FROM usage_hourly_by_type WHERE agent_type = $1 AND hour BETWEEN \(from) AND \(through)
                    """
            case .raw:
                return """
                    SELECT \(segment.sign) * SUM(input_tokens::numeric), \(segment.sign) * SUM(output_tokens::numeric), \(segment.sign) * COUNT(*), \(segment.sign) * COUNT(*) FILTER (WHERE outcome <> '\(success)')
                    FROM task_usage WHERE agent_type = $1 AND at BETWEEN \(from) AND \(through)
                    """
            }
        }
        let sql = "SELECT \(clamp("SUM(i)")), \(clamp("SUM(o)")), \(clamp("SUM(t)")), \(clamp("SUM(f)")) FROM (\(parts.joined(separator: " UNION ALL "))) AS s(i, o, t, f)"
        let rows = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds)).rows
        guard let row = rows.first else { return UsageTotals() }
        return try UsageTotals(cells: Cells(row))
    }

    /// Every agent's totals with `after < at <= through`; agents whose totals come to nothing are left out.
    static func agentTotals(after: Timestamp, through: Timestamp, on connection: BlockingConnection) throws -> [AgentID: UsageTotals] {
        let segments = UsageWindowPlan(first: after.seconds.addingSaturating(1), last: through.seconds).segments
        guard !segments.isEmpty else { return [:] }
        var binds = PostgresBindings()
        let parts = segments.map { segment -> String in
            binds.append(segment.from)
            binds.append(segment.through)
            let from = "$\(binds.count - 1)", through = "$\(binds.count)"
            switch segment.source {
            case .rollup:
                return """
                    SELECT agent, \(segment.sign) * SUM(input_tokens::numeric), \(segment.sign) * SUM(output_tokens::numeric), \(segment.sign) * SUM(tasks::numeric), \(segment.sign) * SUM(failures::numeric)
                    FROM usage_hourly_by_agent WHERE hour BETWEEN \(from) AND \(through) GROUP BY agent
                    """
            case .raw:
                // Through the (agent_type, at) index: one range per type, as SQLite's store seeks.
                return """
                    SELECT agent, \(segment.sign) * SUM(input_tokens::numeric), \(segment.sign) * SUM(output_tokens::numeric), \(segment.sign) * COUNT(*), \(segment.sign) * COUNT(*) FILTER (WHERE outcome <> '\(success)')
                    FROM task_usage WHERE agent_type IN (SELECT DISTINCT agent_type FROM usage_hourly_by_type) AND at BETWEEN \(from) AND \(through) GROUP BY agent
                    """
            }
        }
        let sql = """
            SELECT agent, \(clamp("SUM(i)")), \(clamp("SUM(o)")), \(clamp("SUM(t)")), \(clamp("SUM(f)"))
            FROM (\(parts.joined(separator: " UNION ALL "))) AS s(agent, i, o, t, f) GROUP BY agent
            """
        var totals: [AgentID: UsageTotals] = [:]
        for row in try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds)).rows {
            let cells = Cells(row)
            let value = try UsageTotals(cells: cells, offset: 1)
            if value != UsageTotals() { totals[AgentID(try cells[0, as: String.self])] = value }
        }
        return totals
    }

    /// One type's tokens per hour, straight from its hourly rollup.
    static func hourlyTypeTokens(_ type: AgentTypeName, from: Timestamp, through: Timestamp, on connection: BlockingConnection) throws -> [Int64: Int] {
        let first = UsageWindowPlan.floorHour(from.seconds), last = UsageWindowPlan.floorHour(through.seconds)
        var hours: [Int64: Int] = [:]
        for row in try connection.query("""
            SELECT hour, \(unescaped: clamp("input_tokens::numeric + output_tokens::numeric")) FROM usage_hourly_by_type
            WHERE agent_type = \(type.rawValue) AND hour BETWEEN \(first) AND \(last)
            """).rows {
            let cells = Cells(row)
            hours[try cells[0, as: Int64.self]] = try cells[1, as: Int.self]
        }
        return hours
    }

    /// The history rollup the v8 trigger keeps: as SQLite's `HistoryQueries.standingRollup`.
    static func standingRollup(since: Timestamp, on connection: BlockingConnection) throws -> StandingRollup {
        var rollup = StandingRollup()
        for row in try connection.query("SELECT agent_type, standing, COUNT(*) FROM agent_standing_now GROUP BY agent_type, standing").rows {
            let cells = Cells(row)
            guard let standing = Standing(rawValue: try cells[1, as: Int.self]) else { continue }
            rollup.now[AgentTypeName(try cells[0, as: String.self]), default: [:]][standing] = try cells[2, as: Int64.self]
        }
        let hour = UsageWindowPlan.floorHour(since.seconds)
        for row in try connection.query("""
            SELECT hour, agent_type, standing, changes, moments FROM agent_standing_hourly_by_type WHERE hour >= \(hour)
            """).rows {
            let cells = Cells(row)
            guard let standing = Standing(rawValue: try cells[2, as: Int.self]) else { continue }
            rollup.hours.append(StandingRollup.Hour(start: try cells[0, as: Int64.self], type: AgentTypeName(try cells[1, as: String.self]), standing: standing,
                                                    changes: try cells[3, as: Int64.self], moments: try cells[4, as: Int64.self]))
        }
        return rollup
    }
}
