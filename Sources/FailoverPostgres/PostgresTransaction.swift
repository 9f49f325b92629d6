import FailoverCore
import PostgresNIO

/// `StoreTransaction` inside one PostgreSQL transaction that holds the store's write lock. Reads see
/// its own writes: the usage rollups are kept by trigger, so they are current after every insert.
final class PostgresTransaction: StoreTransaction {
    let connection: BlockingConnection
    let snapshot: any StoreSnapshot
    /// Each agent's newest event in this transaction, written to its state row at commit, as SQLite's
    /// store does (an event may be appended before its agent's state row is saved).
    private var lastEventIDs: [AgentID: Int64] = [:]
    /// The budget sum of each type a batch checks, slid as SQLite's store slides it.
    private var cursors: [AgentTypeName: WindowCursor] = [:]

    init(connection: BlockingConnection) {
        self.connection = connection
        snapshot = PostgresSnapshot(connection: connection)
    }

    func save(_ state: AgentState, at now: Timestamp) throws {
        try connection.query(PostgresStateRecord.upsert(state, at: now))
    }

    func saveSignal(_ signal: EnvSignal, of agent: AgentID) throws {
        let result = try connection.query("""
            UPDATE agent_provider_state SET env_told = \(signal.told.column), env_offer = \(signal.offered), env_offer_serial = \(signal.serial)
            WHERE agent = \(agent.rawValue)
            """)
        guard result.metadata.rows == 1 else {
            throw PostgresStoreError.database("no state row for \(Echo.quote(agent.rawValue)) to keep what its container was told in")
        }
    }

    @discardableResult
    func append(_ event: LedgerEvent) throws -> Int64 {
        guard let row = try connection.query(PostgresEventRecord.insert(event)).rows.first else {
            throw PostgresStoreError.database("appending an event returned no id")
        }
        let id = try Cells(row)[0, as: Int64.self]
        lastEventIDs[event.agent] = id
        return id
    }

    func record(_ entry: UsageEntry) throws {
        try connection.query(PostgresUsageRecord.insert(entry))
        cursors[entry.agentType]?.didInsert(at: entry.at.seconds, tokens: entry.inputTokens.addingSaturating(entry.outputTokens))
    }

    /// Exact. A batch checks the budget after every outcome, at ends a few seconds apart: summing
    /// the rollups and up to half an hour of raw rows at each edge every time cost a batch of 1,000
    /// about ten seconds (specs/performance.md), so the sum slides a `WindowCursor` over the rows
    /// that enter and leave, read a stretch at a time.
    func typeTokens(_ type: AgentTypeName, window: TimeSpan, endingAt end: Timestamp) throws -> Int {
        let cursor = cursors[type].flatMap { $0.window == Int64(window.seconds) ? $0 : nil } ?? WindowCursor(window: Int64(window.seconds))
        cursors[type] = cursor
        return try cursor.sum(
            endingAt: end.seconds,
            exact: { first, last in
                try PostgresUsageQueries.typeTotals(type, after: Timestamp(seconds: first - 1), through: Timestamp(seconds: last), on: connection).tokens
            },
            rows: { first, last in try rawTypeRows(type, first: first, last: last) }
        )
    }

    /// The type's rows with `first <= at <= last`, oldest first: each row's time and tokens.
    private func rawTypeRows(_ type: AgentTypeName, first: Int64, last: Int64) throws -> [(at: Int64, tokens: Int)] {
        guard first <= last else { return [] }
        let rows = try connection.query("""
            SELECT at, input_tokens, output_tokens FROM task_usage WHERE agent_type = \(type.rawValue) AND at BETWEEN \(first) AND \(last) ORDER BY at
            """).rows
        return try rows.map { row in
            let cells = Cells(row)
            return (try cells[0, as: Int64.self], try cells[1, as: Int.self].addingSaturating(try cells[2, as: Int.self]))
        }
    }

    /// One statement for every agent the transaction appended for.
    func finish() throws {
        guard !lastEventIDs.isEmpty else { return }
        let pairs = Array(lastEventIDs)
        try connection.query("""
            UPDATE agent_provider_state AS s SET last_event_id = v.id
            FROM unnest(\(pairs.map(\.key.rawValue))::text[], \(pairs.map(\.value))::bigint[]) AS v(agent, id) WHERE s.agent = v.agent
            """)
        lastEventIDs.removeAll()
    }
}
