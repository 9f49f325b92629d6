import FailoverCore
import GRDB

/// `StoreTransaction` inside one SQLite IMMEDIATE transaction. Reads see its own writes.
final class SQLiteTransaction: StoreTransaction {
    let db: Database
    let snapshot: any StoreSnapshot
    private var pendingByType: [RollupKey: UsageTotals] = [:]
    private var pendingByAgent: [RollupKey: (type: AgentTypeName, totals: UsageTotals)] = [:]
    private var cursors: [AgentTypeName: WindowCursor] = [:]
    /// Each agent's newest event in this transaction, written to its state row at commit.
    private var lastEventIDs: [AgentID: Int64] = [:]

    struct RollupKey: Hashable {
        var name: String
        var hour: Int64
    }

    init(db: Database) {
        self.db = db
        snapshot = SQLiteSnapshot(db: db)
    }

    func save(_ state: AgentState, at now: Timestamp) throws {
        try StateRecord.upsert(state, at: now, in: db)
    }

    func saveSignal(_ signal: EnvSignal, of agent: AgentID) throws {
        try EnvSignalRecord.save(signal, of: agent, in: db)
    }

    @discardableResult
    func append(_ event: LedgerEvent) throws -> Int64 {
        let id = try EventRecord.insert(event, in: db)
        lastEventIDs[event.agent] = id
        return id
    }

    /// Inserts the task's usage; the hourly rollups catch up before anything reads them and at commit.
    func record(_ entry: UsageEntry) throws {
        try UsageEntry.insert(entry, in: db)
        let hour = UsageWindowPlan.floorHour(entry.at.seconds)
        let totals = entry.totals
        pendingByType[RollupKey(name: entry.agentType.rawValue, hour: hour), default: UsageTotals()] = pendingByType[RollupKey(name: entry.agentType.rawValue, hour: hour), default: UsageTotals()] + totals
        let agentKey = RollupKey(name: entry.agent.rawValue, hour: hour)
        pendingByAgent[agentKey] = (entry.agentType, (pendingByAgent[agentKey]?.totals ?? UsageTotals()) + totals)
        cursors[entry.agentType]?.didInsert(at: entry.at.seconds, tokens: entry.inputTokens.addingSaturating(entry.outputTokens))
    }

    /// A type's tokens over `window` ending at `end` (inclusive), exact. Within one batch, successive
    /// calls at non-decreasing times slide a cursor over the few rows that entered or left the window,
    /// so checking the budget after every outcome stays cheap.
    func typeTokens(_ type: AgentTypeName, window: TimeSpan, endingAt end: Timestamp) throws -> Int {
        let cursor = cursors[type].flatMap { $0.window == Int64(window.seconds) ? $0 : nil } ?? WindowCursor(window: Int64(window.seconds))
        cursors[type] = cursor
        return try cursor.sum(
            endingAt: end.seconds,
            exact: { first, last in try self.exactTypeTokens(type, first: first, last: last) },
            rows: { first, last in try self.rawTypeRows(type, first: first, last: last) }
        )
    }

    /// Exact tokens of a type with `first <= at <= last`, via the rollups.
    func exactTypeTokens(_ type: AgentTypeName, first: Int64, last: Int64) throws -> Int {
        try flushRollups()
        return try UsageQueries.typeTotals(type, after: Timestamp(seconds: first - 1), through: Timestamp(seconds: last), in: db).tokens
    }

    /// The type's rows with `first <= at <= last`, oldest first: each row's time and tokens.
    func rawTypeRows(_ type: AgentTypeName, first: Int64, last: Int64) throws -> [(at: Int64, tokens: Int)] {
        guard first <= last else { return [] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT at, input_tokens, output_tokens FROM task_usage WHERE agent_type = ? AND at BETWEEN ? AND ? ORDER BY at
            """), arguments: [type, first, last])
        var result: [(at: Int64, tokens: Int)] = []
        while let row = try rows.next() {
            result.append((row[0], (row[1] as Int).addingSaturating(row[2] as Int)))
        }
        return result
    }

    /// Adds a rollup row's counts, stopping at SQLite's largest integer: an overflowing `+` would
    /// otherwise turn the column into a float that no longer reads back as a count.
    static let saturatingSums = ["input_tokens", "output_tokens", "tasks", "failures"]
        .map { "\($0) = MIN(\($0) + excluded.\($0), 9223372036854775807)" }.joined(separator: ", ")

    func flushRollups() throws {
        if !pendingByType.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO usage_hourly_by_type (agent_type, hour, input_tokens, output_tokens, tasks, failures) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(agent_type, hour) DO UPDATE SET \(Self.saturatingSums)
                """)
            for (key, totals) in pendingByType {
                try statement.execute(arguments: [key.name, key.hour, totals.inputTokens, totals.outputTokens, totals.tasks, totals.failures])
            }
            pendingByType.removeAll(keepingCapacity: true)
        }
        if !pendingByAgent.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO usage_hourly_by_agent (hour, agent, agent_type, input_tokens, output_tokens, tasks, failures) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(hour, agent) DO UPDATE SET \(Self.saturatingSums)
                """)
            // In key order, so the upserts walk the table's pages once.
            for (key, value) in pendingByAgent.sorted(by: { ($0.key.hour, $0.key.name) < ($1.key.hour, $1.key.name) }) {
                let totals = value.totals
                try statement.execute(arguments: [key.hour, key.name, value.type, totals.inputTokens, totals.outputTokens, totals.tasks, totals.failures])
            }
            pendingByAgent.removeAll(keepingCapacity: true)
        }
    }

    func finish() throws {
        try flushRollups()
        if !lastEventIDs.isEmpty {
            let statement = try db.cachedStatement(sql: "UPDATE agent_provider_state SET last_event_id = ? WHERE agent = ?")
            for (agent, id) in lastEventIDs { try statement.execute(arguments: [id, agent]) }
            lastEventIDs.removeAll()
        }
    }
}
