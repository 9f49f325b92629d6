import FailoverCore
import PostgresNIO

/// `StoreSnapshot` over one PostgreSQL transaction: a REPEATABLE READ one for `read`, or a writer's own.
struct PostgresSnapshot: StoreSnapshot {
    let connection: BlockingConnection

    /// How many events `forEachEvent` reads at a time: a replay of millions of rows never holds them all.
    static let page = 5000

    func states() throws -> [AgentID: AgentState] {
        var states: [AgentID: AgentState] = [:]
        for row in try connection.execute("SELECT \(PostgresStateRecord.columns) FROM agent_provider_state").rows {
            let state = try PostgresStateRecord.state(row)
            states[state.agent] = state
        }
        return states
    }

    func events(_ query: EventQuery) throws -> [LedgerEvent] {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let agent = query.agent { clauses.append("agent = \(bind(agent.rawValue))") }
        if let since = query.since { clauses.append("at >= \(bind(since.seconds))") }
        if let until = query.until { clauses.append("at < \(bind(until.seconds))") }
        if let throughID = query.throughID { clauses.append("id <= \(bind(throughID))") }
        if let afterID = query.afterID { clauses.append("id > \(bind(afterID))") }
        if let kinds = query.kinds { clauses.append("kind = ANY(\(bind(kinds.map(\.rawValue))))") }
        var sql = "SELECT \(PostgresEventRecord.columns) FROM agent_provider_events"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = query.limit { sql += " LIMIT \(bind(Int64(max(0, limit))))" }
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds)).rows.map(PostgresEventRecord.event)
    }

    /// Every event in ledger order, a page at a time by id: the transaction's snapshot keeps the pages
    /// consistent with each other.
    func forEachEvent(_ body: (LedgerEvent) throws -> Void) throws {
        var after = Int64.min
        while true {
            let rows = try connection.query("""
                SELECT \(unescaped: PostgresEventRecord.columns) FROM agent_provider_events WHERE id > \(after) ORDER BY id LIMIT \(Self.page)
                """).rows
            for row in rows {
                let event = try PostgresEventRecord.event(row)
                after = event.id ?? after
                try body(event)
            }
            if rows.count < Self.page { return }
        }
    }

    func latestEvents() throws -> [AgentID: LedgerEvent] {
        let events = try connection.execute("""
            SELECT \(PostgresEventRecord.columns) FROM agent_provider_events
            WHERE id IN (SELECT last_event_id FROM agent_provider_state WHERE last_event_id IS NOT NULL)
            """).rows.map(PostgresEventRecord.event)
        return Dictionary(events.map { ($0.agent, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func lastEventIDs() throws -> [AgentID: Int64] {
        var ids: [AgentID: Int64] = [:]
        for row in try connection.execute("SELECT agent, last_event_id FROM agent_provider_state WHERE last_event_id IS NOT NULL").rows {
            let cells = Cells(row)
            ids[AgentID(try cells[0, as: String.self])] = try cells[1, as: Int64.self]
        }
        return ids
    }

    func eventCount() throws -> Int {
        try count("SELECT COUNT(*) FROM agent_provider_events")
    }

    /// From the counters the v9 trigger keeps; a kind this version does not know is left out.
    func eventCountsByKind() throws -> [EventKind: Int] {
        var counts: [EventKind: Int] = [:]
        for row in try connection.execute("SELECT kind, events FROM agent_provider_events_by_kind").rows {
            let cells = Cells(row)
            if let kind = EventKind(rawValue: try cells[0, as: String.self]) { counts[kind] = try cells[1, as: Int.self] }
        }
        return counts
    }

    func eventDays() throws -> [EventDay] {
        try connection.execute("SELECT day, events, last_id FROM agent_provider_events_by_day ORDER BY day DESC").rows.map { row in
            let cells = Cells(row)
            return EventDay(day: Timestamp(seconds: try cells[0, as: Int64.self] * 86_400).utcDay, count: try cells[1, as: Int.self], lastID: try cells[2, as: Int64.self])
        }
    }

    func envSignals() throws -> [AgentID: EnvSignal] {
        var signals: [AgentID: EnvSignal] = [:]
        for row in try connection.execute("SELECT agent, env_told, env_offer, env_offer_serial FROM agent_provider_state").rows {
            let cells = Cells(row)
            signals[AgentID(try cells[0, as: String.self])] = EnvSignal(told: EnvTold(column: try cells[1, as: String?.self]), offered: try cells[2, as: String?.self],
                                                                         serial: try cells[3, as: Int64.self])
        }
        return signals
    }

    func envSignal(of agent: AgentID) throws -> EnvSignal {
        guard let row = try connection.query("SELECT env_told, env_offer, env_offer_serial FROM agent_provider_state WHERE agent = \(agent.rawValue)").rows.first else {
            return .new
        }
        let cells = Cells(row)
        return EnvSignal(told: EnvTold(column: try cells[0, as: String?.self]), offered: try cells[1, as: String?.self], serial: try cells[2, as: Int64.self])
    }

    func typeUsage(_ type: AgentTypeName, after: Timestamp, through: Timestamp) throws -> UsageTotals {
        try PostgresUsageQueries.typeTotals(type, after: after, through: through, on: connection)
    }

    func agentUsage(after: Timestamp, through: Timestamp) throws -> [AgentID: UsageTotals] {
        try PostgresUsageQueries.agentTotals(after: after, through: through, on: connection)
    }

    func forEachOutcome(_ query: OutcomeQuery, _ body: (UsageEntry) throws -> Void) throws {
        try PostgresOutcomeQueries.forEach(query, on: connection, body)
    }

    func usageRowCount() throws -> Int {
        try count("SELECT COUNT(*) FROM task_usage")
    }

    func standingRollup(since: Timestamp) throws -> StandingRollup {
        try PostgresUsageQueries.standingRollup(since: since, on: connection)
    }

    func hourlyTypeTokens(_ type: AgentTypeName, from: Timestamp, through: Timestamp) throws -> [Int64: Int] {
        try PostgresUsageQueries.hourlyTypeTokens(type, from: from, through: through, on: connection)
    }

    private func count(_ sql: String) throws -> Int {
        guard let row = try connection.execute(sql).rows.first else { return 0 }
        return try Cells(row)[0, as: Int.self]
    }
}
