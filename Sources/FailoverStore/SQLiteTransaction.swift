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
        let cursor = cursors[type] ?? WindowCursor(type: type, window: Int64(window.seconds))
        cursors[type] = cursor
        return try cursor.sum(endingAt: end.seconds, transaction: self)
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

/// One type's budget sum over `(end - window, end]`, slid forward as a batch's outcomes advance the
/// end. A slide adds the rows that came into the window and takes away those that left it. Both come
/// from SQLite a stretch at a time (`prefetch` seconds of each edge in one query) rather than in two
/// queries per outcome, which cost a batch of 1,000 outcomes about as much as inserting its rows.
/// Rows this transaction inserts inside a stretch already read are added to it as they are written.
final class WindowCursor {
    let type: AgentTypeName
    let window: Int64
    /// The window is `(end - window, end]`; nil until the first exact sum.
    private var end: Int64?
    private var sum = 0
    /// Rows with `end < at <= incomingThrough`, in time order: they enter as the end passes them.
    private var incoming = Edge()
    /// Rows with `end - window < at <= leavingThrough - window`, in time order: they leave as the end passes `at + window`.
    private var leaving = Edge()

    /// Beyond this step, one exact sum is cheaper than reading the rows that slid in and out.
    static let maximumSlide: Int64 = 1800
    /// How far ahead each edge is read at a time: a batch of 1,000 outcomes at a busy fleet's pace
    /// spans about 200 seconds.
    static let prefetch: Int64 = 300

    /// Rows of one edge read ahead, oldest first, up to `through` (in the edge's own times).
    struct Edge {
        var rows: [(at: Int64, tokens: Int)] = []
        var next = 0
        var through: Int64 = .min

        /// Takes the rows at or before `time`, reading ahead from SQLite when `time` is past what was read.
        mutating func take(through time: Int64, read: (Int64, Int64) throws -> [(at: Int64, tokens: Int)]) throws -> Int {
            if time > through {
                if next > 0 {
                    rows.removeFirst(next)
                    next = 0
                }
                let upTo = max(time, through.addingReportingOverflow(WindowCursor.prefetch).overflow ? time : through + WindowCursor.prefetch)
                rows += try read(through + 1, upTo)
                through = upTo
            }
            var total = 0
            while next < rows.count, rows[next].at <= time {
                total = total.addingSaturating(rows[next].tokens)
                next += 1
            }
            return total
        }

        /// A row written after this edge was read, inside what it covers. Rows already taken are all
        /// older than it (they were behind the end it is ahead of), so it goes among the rest, in order.
        mutating func insert(at: Int64, tokens: Int) {
            let index = rows[next...].firstIndex { $0.at > at } ?? rows.count
            rows.insert((at, tokens), at: index)
        }

        mutating func reset(at time: Int64) {
            rows.removeAll(keepingCapacity: true)
            next = 0
            through = time
        }
    }

    init(type: AgentTypeName, window: Int64) {
        self.type = type
        self.window = window
    }

    func sum(endingAt newEnd: Int64, transaction: SQLiteTransaction) throws -> Int {
        if let end, newEnd >= end, newEnd - end <= Self.maximumSlide {
            let type = type
            let read = { (first: Int64, last: Int64) in try transaction.rawTypeRows(type, first: first, last: last) }
            sum = sum.addingSaturating(try incoming.take(through: newEnd, read: read))
            sum = sum.addingSaturating(try leaving.take(through: newEnd - window, read: read).multipliedSaturating(by: -1))
        } else {
            sum = try transaction.exactTypeTokens(type, first: newEnd - window + 1, last: newEnd)
            incoming.reset(at: newEnd)
            leaving.reset(at: newEnd - window)
        }
        end = newEnd
        return sum
    }

    /// A row written now: counted at once if it is inside the window, or kept for when it enters or
    /// leaves, if an edge already read past its time.
    func didInsert(at: Int64, tokens: Int) {
        guard let end else { return }
        if at <= end, at > end - window { sum = sum.addingSaturating(tokens) }
        if at > end, at <= incoming.through { incoming.insert(at: at, tokens: tokens) }
        if at > end - window, at <= leaving.through { leaving.insert(at: at, tokens: tokens) }
    }
}
