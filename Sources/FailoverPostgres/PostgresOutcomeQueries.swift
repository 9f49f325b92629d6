import FailoverCore
import Foundation
import PostgresNIO

/// Recorded outcomes in time order, streamed through a server-side cursor: the server sorts once and
/// hands rows over a page at a time, so a year of outcomes is never held here, and no index on time
/// alone is needed (one would cost every `record` an index insert, as in the SQLite store).
enum PostgresOutcomeQueries {
    /// Rows fetched per round trip.
    static let page = 5000

    static func forEach(_ query: OutcomeQuery, on connection: BlockingConnection, _ body: (UsageEntry) throws -> Void) throws {
        // DECLARE takes no bound parameters: the bounds are integers, and the agent a quoted literal.
        var clauses: [String] = []
        if let since = query.since { clauses.append("at >= \(since.seconds)") }
        if let until = query.until { clauses.append("at < \(until.seconds)") }
        if let agent = query.agent { clauses.append("agent = \(literal(agent.rawValue))") }
        var sql = "SELECT \(PostgresUsageRecord.columns) FROM task_usage"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY at, id"
        // Unique per call: a body may stream outcomes again inside the same transaction.
        let cursor = "failover_outcomes_\(UInt64.random(in: 0...UInt64.max))"
        try connection.execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)")
        do {
            while true {
                let rows = try connection.execute("FETCH FORWARD \(page) FROM \(cursor)").rows
                for row in rows { try body(try PostgresUsageRecord.entry(row).entry) }
                if rows.count < page { break }
            }
        } catch {
            // After a failed statement the transaction is aborted and its end closes the cursor.
            _ = try? connection.execute("CLOSE \(cursor)")
            throw error
        }
        try connection.execute("CLOSE \(cursor)")
    }

    /// A standard SQL string literal (standard_conforming_strings is on since PostgreSQL 9.1, so a
    /// backslash is only a backslash); the E'' form is never used.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
