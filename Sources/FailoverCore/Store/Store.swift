/// The store's ports: what the verbs read and write, whatever keeps it. `FailoverStore` provides
/// the SQLite implementation; another (PostgreSQL) conforms to the same protocols and passes the same
/// conformance suite (`Tests/FailoverStoreTests/StoreConformance`).
///
/// The guarantees every implementation gives:
/// - `write` runs its body in one transaction that holds the write lock: everything it saved,
///   appended and recorded commits together or not at all, and two writers never interleave.
/// - `read` runs its body against one consistent snapshot, without waiting for writers.
/// - The ledger is append-only: nothing here can change or remove an event once appended.
/// - Reads inside a transaction see the transaction's own writes.
public protocol Store: Sendable {
    @discardableResult
    func read<T>(_ body: (any StoreSnapshot) throws -> T) throws -> T
    @discardableResult
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Settles offers whose output was printed (`EnvSignal.acknowledging`): its own short transaction.
    func acknowledge(_ offers: [EnvOffer]) throws
    /// Reads of the ledger that may run on several threads at once, for a render that reads a year of
    /// events while it writes pages.
    func ledgerReaders() throws -> any LedgerReaders
}

/// Ledger reads callable from any thread, several at once, each its own read. The ledger is
/// append-only, so a query bounded by `EventQuery.throughID` returns exactly what a snapshot that saw
/// that id would have returned, however much was appended since.
public protocol LedgerReaders: Sendable {
    /// Matching events, newest first.
    func events(_ query: EventQuery) throws -> [LedgerEvent]
}

/// Queries over one consistent snapshot.
public protocol StoreSnapshot {
    /// Every agent's state, keyed by agent.
    func states() throws -> [AgentID: AgentState]
    /// What each agent's container has been told to run.
    func envSignals() throws -> [AgentID: EnvSignal]
    /// What one agent's container has been told (`.new` without a state row): for a batch that moves a
    /// few of a thousand agents.
    func envSignal(of agent: AgentID) throws -> EnvSignal
    /// Matching events, newest first.
    func events(_ query: EventQuery) throws -> [LedgerEvent]
    /// Every event in ledger order, one at a time: replays over millions of rows.
    func forEachEvent(_ body: (LedgerEvent) throws -> Void) throws
    /// Each agent's most recent event.
    func latestEvents() throws -> [AgentID: LedgerEvent]
    /// Each agent's newest ledger id: changes exactly when the agent's history does.
    func lastEventIDs() throws -> [AgentID: Int64]
    func eventCount() throws -> Int
    /// How many events of each kind the ledger holds; kinds without events are absent. Monotonic,
    /// since the ledger is append-only: exported as Prometheus counters.
    func eventCountsByKind() throws -> [EventKind: Int]
    /// The UTC days that have events, newest first.
    func eventDays() throws -> [EventDay]
    /// One type's usage with `after < at <= through`, exact.
    func typeUsage(_ type: AgentTypeName, after: Timestamp, through: Timestamp) throws -> UsageTotals
    /// Every agent's usage with `after < at <= through`, exact.
    func agentUsage(after: Timestamp, through: Timestamp) throws -> [AgentID: UsageTotals]
    func usageRowCount() throws -> Int
    /// Every recorded outcome matching `query`, oldest first (equal times in the order recorded), one
    /// at a time: `failover outcomes` streams a year of rows without holding them.
    func forEachOutcome(_ query: OutcomeQuery, _ body: (UsageEntry) throws -> Void) throws
    /// Each type's instances per standing now, and the hourly moves between standings from the hour
    /// holding `since` on: what the live pages' history is computed from (see `StandingRollup`).
    func standingRollup(since: Timestamp) throws -> StandingRollup
    /// One type's input plus output tokens per UTC hour, keyed by the hour's first second, for the
    /// hours starting from `from`'s hour through `through`'s: whole hours, for the budget page's chart.
    func hourlyTypeTokens(_ type: AgentTypeName, from: Timestamp, through: Timestamp) throws -> [Int64: Int]
}

/// The write side of one transaction.
public protocol StoreTransaction: AnyObject {
    /// Reads that see this transaction's writes.
    var snapshot: any StoreSnapshot { get }
    func save(_ state: AgentState, at now: Timestamp) throws
    /// Keeps what the agent's container has been told; its state was saved before.
    func saveSignal(_ signal: EnvSignal, of agent: AgentID) throws
    /// Appends an event and returns its ledger id.
    @discardableResult
    func append(_ event: LedgerEvent) throws -> Int64
    func record(_ usage: UsageEntry) throws
    /// A type's tokens over `window` ending at `end` (inclusive), exact, this transaction's usage
    /// included: the budget rule's sum, asked after every outcome, so implementations make
    /// successive calls at non-decreasing times cheap.
    func typeTokens(_ type: AgentTypeName, window: TimeSpan, endingAt end: Timestamp) throws -> Int
}

/// Which events to read.
public struct EventQuery: Sendable, Hashable {
    public var agent: AgentID?
    /// `at >= since`.
    public var since: Timestamp?
    /// `at < until`.
    public var until: Timestamp?
    public var kinds: [EventKind]?
    /// The newest this many.
    public var limit: Int?
    /// `id <= throughID`: what a snapshot whose newest event was this one saw.
    public var throughID: Int64?
    /// `id > afterID`: the events after a known one, read as a range of the ledger (a bound on `at`
    /// alone cannot stop a scan: times are not ordered by id).
    public var afterID: Int64?

    public init(agent: AgentID? = nil, since: Timestamp? = nil, until: Timestamp? = nil, kinds: [EventKind]? = nil, limit: Int? = nil, throughID: Int64? = nil,
                afterID: Int64? = nil) {
        self.agent = agent
        self.since = since
        self.until = until
        self.kinds = kinds
        self.limit = limit
        self.throughID = throughID
        self.afterID = afterID
    }

    public static let all = EventQuery()
}

/// Which recorded outcomes (`task_usage` rows) to read.
public struct OutcomeQuery: Sendable, Hashable {
    public var agent: AgentID?
    /// `at >= since`.
    public var since: Timestamp?
    /// `at < until`.
    public var until: Timestamp?

    public init(agent: AgentID? = nil, since: Timestamp? = nil, until: Timestamp? = nil) {
        self.agent = agent
        self.since = since
        self.until = until
    }
}

/// A UTC day with events: its `YYYY-MM-DD`, how many, and the newest id.
public struct EventDay: Sendable, Hashable, Codable {
    public var day: String
    public var count: Int
    public var lastID: Int64

    public init(day: String, count: Int, lastID: Int64) {
        self.day = day
        self.count = count
        self.lastID = lastID
    }
}

extension StoreSnapshot {
    /// Matching events, newest first.
    public func events(agent: AgentID? = nil, since: Timestamp? = nil, until: Timestamp? = nil, kinds: [EventKind]? = nil, limit: Int? = nil) throws -> [LedgerEvent] {
        try events(EventQuery(agent: agent, since: since, until: until, kinds: kinds, limit: limit))
    }
}
