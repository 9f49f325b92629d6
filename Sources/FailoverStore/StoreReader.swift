import FailoverCore
import GRDB

/// Queries over one consistent snapshot of the store.
public struct StoreReader {
    let db: Database

    /// Every agent's state, keyed by agent.
    public func states() throws -> [String: AgentState] {
        var states: [String: AgentState] = [:]
        for record in try StateRecord.fetchAll(db, sql: "SELECT \(StateRecord.columns) FROM agent_provider_state") {
            states[record.state.agent] = record.state
        }
        return states
    }

    /// Matching events, newest first.
    public func events(agent: String? = nil, since: Timestamp? = nil, until: Timestamp? = nil, kinds: [EventKind]? = nil, limit: Int? = nil) throws -> [LedgerEvent] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let agent {
            clauses.append("agent = ?")
            arguments += [agent]
        }
        if let since {
            clauses.append("at >= ?")
            arguments += [since.seconds]
        }
        if let until {
            clauses.append("at < ?")
            arguments += [until.seconds]
        }
        if let kinds {
            clauses.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(kinds.map(\.rawValue))
        }
        var sql = "SELECT \(EventRecord.columns) FROM agent_provider_events"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try EventRecord.fetchAll(db, sql: sql, arguments: arguments).map(\.event)
    }

    /// Every event in ledger order, one at a time, for replays over millions of rows.
    public func forEachEvent(_ body: (LedgerEvent) throws -> Void) throws {
        let cursor = try EventRecord.fetchCursor(db, sql: "SELECT \(EventRecord.columns) FROM agent_provider_events ORDER BY id")
        while let record = try cursor.next() { try body(record.event) }
    }

    /// Each agent's most recent event, through the id its state row keeps.
    public func latestEvents() throws -> [String: LedgerEvent] {
        let events = try EventRecord.fetchAll(db, sql: """
            SELECT \(EventRecord.columns) FROM agent_provider_events
            WHERE id IN (SELECT last_event_id FROM agent_provider_state WHERE last_event_id IS NOT NULL)
            """).map(\.event)
        return Dictionary(events.map { ($0.agent, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Each agent's newest ledger id, from the state table: changes exactly when the agent's history does.
    public func lastEventIDs() throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT agent, last_event_id FROM agent_provider_state WHERE last_event_id IS NOT NULL") {
            ids[row[0]] = row[1]
        }
        return ids
    }

    public func eventCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent_provider_events") ?? 0
    }

    /// The UTC days (`YYYY-MM-DD`) that have events, newest first, with their counts and last event ids.
    public func eventDays() throws -> [(day: String, count: Int, lastID: Int64)] {
        try Row.fetchAll(db, sql: "SELECT day, events, last_id FROM agent_provider_events_by_day ORDER BY day DESC").map { row in
            (Timestamp(seconds: (row[0] as Int64) * 86_400).utcDay, row[1], row[2])
        }
    }

    /// One type's usage with `after < at <= through`, exact.
    public func typeUsage(_ type: String, after: Timestamp, through: Timestamp) throws -> UsageTotals {
        try UsageQueries.typeTotals(type, after: after, through: through, in: db)
    }

    /// Every agent's usage with `after < at <= through`, exact.
    public func agentUsage(after: Timestamp, through: Timestamp) throws -> [String: UsageTotals] {
        try UsageQueries.agentTotals(after: after, through: through, in: db)
    }

    public func usageRowCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task_usage") ?? 0
    }
}
