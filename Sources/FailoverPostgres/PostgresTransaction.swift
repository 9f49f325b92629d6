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
    }

    /// Exact, one statement per call. SQLite's store slides a cursor to save its per-call cost; here a
    /// call costs one round trip whatever the window, so the rollups plus at most half an hour of raw
    /// rows at each edge are summed by the server each time.
    func typeTokens(_ type: AgentTypeName, window: TimeSpan, endingAt end: Timestamp) throws -> Int {
        try PostgresUsageQueries.typeTotals(type, after: end - window, through: end, on: connection).tokens
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
