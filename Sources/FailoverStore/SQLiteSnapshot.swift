import FailoverCore
import GRDB

/// `StoreSnapshot` over one SQLite read transaction (or a write transaction's own view).
struct SQLiteSnapshot: StoreSnapshot {
    let db: Database

    /// Every agent's state, keyed by agent.
    func states() throws -> [AgentID: AgentState] {
        var states: [AgentID: AgentState] = [:]
        for record in try StateRecord.fetchAll(db, sql: "SELECT \(StateRecord.columns) FROM agent_provider_state") {
            states[record.state.agent] = record.state
        }
        return states
    }

    /// Matching events, newest first.
    func events(_ query: EventQuery) throws -> [LedgerEvent] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let agent = query.agent {
            clauses.append("agent = ?")
            arguments += [agent]
        }
        if let since = query.since {
            clauses.append("at >= ?")
            arguments += [since.seconds]
        }
        if let until = query.until {
            clauses.append("at < ?")
            arguments += [until.seconds]
        }
        if let throughID = query.throughID {
            // `+id`: a bound, not an access path; by rowid SQLite would scan the whole ledger for one day.
            clauses.append("+id <= ?")
            arguments += [throughID]
        }
        if let afterID = query.afterID {
            // An access path: with `agent = ?` a range of the (agent, id) index.
            clauses.append("id > ?")
            arguments += [afterID]
        }
        if let kinds = query.kinds {
            clauses.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(kinds.map(\.rawValue))
        }
        var sql = "SELECT \(EventRecord.columns) FROM agent_provider_events"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = query.limit {
            sql += " LIMIT ?"
            arguments += [max(0, limit)]
        }
        // Cached on the connection: a render reads each changed agent's events through a handful of
        // query shapes, and preparing the statement anew (with GRDB's authorizer called for every
        // column) cost more than running it.
        return try EventRecord.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(\.event)
    }

    /// Every event in ledger order, one at a time, for replays over millions of rows.
    func forEachEvent(_ body: (LedgerEvent) throws -> Void) throws {
        let cursor = try EventRecord.fetchCursor(db, sql: "SELECT \(EventRecord.columns) FROM agent_provider_events ORDER BY id")
        while let record = try cursor.next() { try body(record.event) }
    }

    /// Each agent's most recent event, through the id its state row keeps.
    func latestEvents() throws -> [AgentID: LedgerEvent] {
        let events = try EventRecord.fetchAll(db, sql: """
            SELECT \(EventRecord.columns) FROM agent_provider_events
            WHERE id IN (SELECT last_event_id FROM agent_provider_state WHERE last_event_id IS NOT NULL)
            """).map(\.event)
        return Dictionary(events.map { ($0.agent, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Each agent's newest ledger id, from the state table: changes exactly when the agent's history does.
    func lastEventIDs() throws -> [AgentID: Int64] {
        var ids: [AgentID: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT agent, last_event_id FROM agent_provider_state WHERE last_event_id IS NOT NULL") {
            ids[row[0]] = row[1]
        }
        return ids
    }

    func eventCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent_provider_events") ?? 0
    }

    /// Read from the counters the v9 trigger keeps (`Schema`, "v9-events-by-kind"), not the ledger.
    func eventCountsByKind() throws -> [EventKind: Int] {
        var counts: [EventKind: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, events FROM agent_provider_events_by_kind") {
            // A kind this version does not know (written by a newer one) is left out, not misnamed.
            if let kind = EventKind(rawValue: row[0]) { counts[kind] = row[1] }
        }
        return counts
    }

    /// The UTC days (`YYYY-MM-DD`) that have events, newest first, with their counts and last event ids.
    func eventDays() throws -> [EventDay] {
        try Row.fetchAll(db, sql: "SELECT day, events, last_id FROM agent_provider_events_by_day ORDER BY day DESC").map { row in
            EventDay(day: Timestamp(seconds: (row[0] as Int64) * 86_400).utcDay, count: row[1], lastID: row[2])
        }
    }

    func envSignals() throws -> [AgentID: EnvSignal] { try EnvSignalRecord.all(db) }

    func envSignal(of agent: AgentID) throws -> EnvSignal { try EnvSignalRecord.one(agent, db) }

    /// One type's usage with `after < at <= through`, exact.
    func typeUsage(_ type: AgentTypeName, after: Timestamp, through: Timestamp) throws -> UsageTotals {
        try UsageQueries.typeTotals(type, after: after, through: through, in: db)
    }

    /// Every agent's usage with `after < at <= through`, exact.
    func agentUsage(after: Timestamp, through: Timestamp) throws -> [AgentID: UsageTotals] {
        try UsageQueries.agentTotals(after: after, through: through, in: db)
    }

    func standingRollup(since: Timestamp) throws -> StandingRollup {
        try HistoryQueries.standingRollup(since: since, in: db)
    }

    func hourlyTypeTokens(_ type: AgentTypeName, from: Timestamp, through: Timestamp) throws -> [Int64: Int] {
        try UsageQueries.hourlyTypeTokens(type, from: from, through: through, in: db)
    }

    func forEachOutcome(_ query: OutcomeQuery, _ body: (UsageEntry) throws -> Void) throws {
        try OutcomeQueries.forEach(query, in: db, body)
    }

    func usageRowCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task_usage") ?? 0
    }
}
