import FailoverCore
@testable import FailoverPostgres
import FailoverStore
import Foundation
import StoreFactory
import Testing
import TestSupport

/// `failover simulate` on a PostgreSQL fleet starts from a copy of the server's rows in a SQLite store
/// in memory (specs/failover.md, "failover simulate"): every table copied as it is, from one snapshot,
/// without a lock and without writing, at the server's schema and then brought up to date in memory.
@Suite struct PostgresMemoryCopyTests {
    static let type = AgentType(name: "coder", instances: ["c1", "c2", "c3", "c4"], chain: chain(3))

    /// Text PostgreSQL can hold (no NUL), from the corners.
    static func text(_ rng: inout SeededGenerator) -> String {
        Hostile.string(&rng).replacingOccurrences(of: "\0", with: "")
    }

    /// A seeded history through the store's own writes: transitions of every kind, usage with extreme
    /// token counts and hostile details, env signals in every form, times either side of 1970.
    static func history(_ store: PostgresStore, seed: UInt64, writes: Int) throws {
        var rng = SeededGenerator(seed: seed)
        let base = t0.seconds
        for index in 0..<writes {
            let agent = type.instances.randomElement(using: &rng)!
            // Mostly forward in time; now and then far back or far ahead, negative moments included.
            let now = Timestamp(seconds: [base + Int64(index) * 97, -86_400 * 400 + Int64(index), base + 86_400 * 3_650].randomElement(using: &rng)!)
            try store.write { transaction in
                var state = try transaction.snapshot.states()[agent]
                var events: [LedgerEvent] = []
                if state == nil {
                    let created = AgentState.created(agent: agent, type: type, at: now)
                    events += created.events
                    state = created.state
                }
                let input: FailoverInput = [
                    .failure([.auth, .quota, .rateLimit, .serverError, .other].randomElement(using: &rng)!, tier: nil, detail: text(&rng)),
                    .success(tier: nil),
                    .control(ControlEntry(paused: Bool.random(using: &rng))),
                    .control(ControlEntry(reset: text(&rng))),
                ].randomElement(using: &rng)!
                let transition = state!.applying(input, type: type, at: now)
                events += transition.events
                state = transition.state
                try transaction.save(state!, at: now)
                for event in events {
                    var event = event
                    event.agentType = Bool.random(using: &rng) ? "coder" : nil
                    try transaction.append(event)
                }
                let tokens = [0, 1, Int.max, Int.max - 1, Int(Int32.max), Int.random(in: 0...Int.max, using: &rng)]
                let details: OutcomeDetails? = Bool.random(using: &rng) ? nil : OutcomeDetails(
                    status: [nil, 200, 401, 529, Int.max].randomElement(using: &rng)!, errorType: Bool.random(using: &rng) ? text(&rng) : nil,
                    message: Bool.random(using: &rng) ? text(&rng) : nil, retryAfter: Bool.random(using: &rng) ? TimeSpan(seconds: Int.random(in: 0...1_000_000, using: &rng)) : nil,
                    statedTier: [nil, 1, 3, Int.max].randomElement(using: &rng)!)
                try transaction.record(UsageEntry(agent: agent, agentType: "coder", at: now, tier: state!.tier, provider: "anthropic", model: text(&rng),
                                                  outcome: [.success, .failure(.auth), .failure(.serverError)].randomElement(using: &rng)!,
                                                  inputTokens: tokens.randomElement(using: &rng)!, outputTokens: tokens.randomElement(using: &rng)!, details: details))
                let told: EnvTold = [.unknown, .nothing, .digest(text(&rng))].randomElement(using: &rng)!
                try transaction.saveSignal(EnvSignal(told: told, offered: Bool.random(using: &rng) ? text(&rng) : nil,
                                                     serial: [0, 1, Int64.max, Int64.random(in: 0...Int64.max, using: &rng)].randomElement(using: &rng)!), of: agent)
            }
        }
    }

    /// Every failover table's rows, as column-to-value maps counted per table.
    typealias Tables = [String: [[String: StoreCell]: Int]]

    static func add(_ tables: inout Tables, _ table: String, _ columns: [String], _ rows: [[StoreCell]]) {
        tables[table, default: [:]] = tables[table, default: [:]]
        for row in rows { tables[table]![Dictionary(uniqueKeysWithValues: zip(columns, row)), default: 0] += 1 }
    }

    static func serverRows(_ database: PostgresDatabase) throws -> Tables {
        var tables: Tables = [:]
        try PostgresTableExport.reading(database.address, password: nil, lockTimeout: 5) { export in
            // Small batches: a table's rows over many FETCHes read as the copy's one did.
            for table in PostgresTableExport.tables { try export.read(table, batch: 7) { columns, rows in add(&tables, table, columns, rows) } }
        }
        return tables
    }

    static func copyRows(_ store: SQLiteStore) throws -> Tables {
        var tables: Tables = [:]
        try SQLiteTableExport.read(store, tables: PostgresTableExport.tables) { table, columns, rows in add(&tables, table, columns, rows) }
        return tables
    }

    /// The round trip: each table's rows read back from the copy equal the server's, value for value
    /// (no counter counted twice by a trigger), and the copy reads through the store's ports as the
    /// server does. The copy's triggers are back: the next event counts once.
    @Test(arguments: [UInt64(1), 2, 3])
    func everyTableCopiesAsItIs(seed: UInt64) throws {
        let database = try PostgresDatabase()
        let server = try database.open()
        try Self.history(server, seed: seed, writes: 150)
        let copy = try StoreFactory.memoryCopy(of: database.address, password: nil, lockTimeout: 5)
        let original = try Self.serverRows(database)
        let copied = try Self.copyRows(copy)
        #expect(Set(original.keys) == Set(PostgresTableExport.tables))
        for table in PostgresTableExport.tables {
            #expect(copied[table] == original[table], "\(table): \(copied[table]?.count ?? 0) distinct rows copied of \(original[table]?.count ?? 0)")
        }
        #expect(original["agent_provider_events"]?.count ?? 0 > 50 && original["agent_provider_events_by_kind"]?.isEmpty == false)
        #expect(original["agent_standing_hourly_by_type"]?.isEmpty == false && original["usage_hourly_by_agent"]?.isEmpty == false)

        func ports(_ store: any Store) throws -> [String] {
            try store.read { snapshot in
                var outcomes = 0
                try snapshot.forEachOutcome(OutcomeQuery()) { _ in outcomes += 1 }
                return [
                    "\(try snapshot.states().sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value))",
                    "\(try snapshot.events(.all))",
                    "\(try snapshot.envSignals().sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value))",
                    "\(try snapshot.eventCountsByKind().sorted { $0.key.rawValue < $1.key.rawValue })",
                    "\(try snapshot.eventDays())", "\(try snapshot.lastEventIDs().sorted { $0.key.rawValue < $1.key.rawValue })",
                    "\(try snapshot.usageRowCount())", "\(outcomes)",
                ]
            }
        }
        let served = try ports(server), read = try ports(copy)
        for (index, value) in served.enumerated() { #expect(read[index] == value, "port read \(index)") }
        func outcomes(_ store: any Store) throws -> Set<UsageEntry> {
            var outcomes: Set<UsageEntry> = []
            try store.read { try $0.forEachOutcome(OutcomeQuery()) { outcomes.insert($0) } }
            return outcomes
        }
        #expect(try outcomes(copy) == outcomes(server), "every outcome reads back with its details")

        let before = try copy.read { try $0.eventCountsByKind()[.paused] ?? 0 }
        let events = try copy.read { try $0.eventCount() }
        try copy.write { transaction in
            try transaction.append(LedgerEvent(agent: "c1", at: t0 + .days(1), kind: .paused, fromTier: 1, toTier: 1, source: .config, paused: true))
        }
        #expect(try copy.read { try $0.eventCountsByKind()[.paused] ?? 0 } == before + 1, "the copy's triggers count the next event, once")
        #expect(try copy.read { try $0.eventCount() } == events + 1)
        #expect(try Self.serverRows(database) == original, "the copy's writes stay in memory")
    }

    /// One snapshot, no lock: a writer holding the write lock with rows not yet committed neither
    /// delays the copy nor shows in it, and the copy writes nothing to the server.
    @Test func theCopyReadsBesideAWriterThatHoldsTheLock() throws {
        let database = try PostgresDatabase()
        try Self.history(try database.open(), seed: 9, writes: 40)
        let before = try Self.serverRows(database)
        let writer = try database.open()
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            _ = try? writer.write { transaction in
                try transaction.append(LedgerEvent(agent: "c1", at: t0, kind: .paused, fromTier: 1, toTier: 1, source: .config, paused: true))
                holding.signal()
                release.wait()
            }
            done.signal()
        }.start()
        #expect(holding.wait(timeout: .now() + 30) == .success)
        let started = Date()
        let copy = try StoreFactory.memoryCopy(of: database.address, password: nil, lockTimeout: 1)
        #expect(Date().timeIntervalSince(started) < 10, "it did not wait for the writer")
        #expect(try Self.copyRows(copy) == before, "the uncommitted event is not in the copy")
        release.signal()
        done.wait()
        let events = { (tables: Tables) in tables["agent_provider_events"]?.values.reduce(0, +) ?? 0 }
        #expect(events(try Self.serverRows(database)) == events(before) + 1, "the writer committed after the copy")
    }

    /// A database the previous failover left (before v11): copied at its schema, brought up to date in
    /// the copy as the server would be (an instance's recovery moment back from the ledger), and the
    /// server is left at v10: no migration is applied or recorded there.
    @Test func anOlderSchemaIsUpgradedInTheCopyOnly() throws {
        let database = try PostgresDatabase()
        var sql = PostgresDatabase.schemaBefore("v11-flap-damping")
        let step = (t0 - .hours(2)).seconds, back = (t0 - .hours(1)).seconds
        sql += """
            INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak, agent_type) VALUES
                ('coder-1', \(step), 'step_down', 1, 2, 'outcome', 0, 0, 'coder'),
                ('coder-1', \(back), 'recovered', 2, 1, 'outcome', 0, 0, 'coder');
            INSERT INTO agent_provider_state (agent, tier, paused, updated_at, last_event_id) VALUES ('coder-1', 1, 0, \(back), 2);
            INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens, status, message)
                VALUES ('coder-1', 'coder', \(step), 1, 'anthropic', 'm0', 'auth', 1, 2, 401, 'bad key');
            """
        try database.psql(sql)
        let copy = try StoreFactory.memoryCopy(of: database.address, password: nil, lockTimeout: 5)
        let state = try #require(try copy.read { try $0.states()["coder-1"] })
        #expect(state.recoveredAt == t0 - .hours(1) && state.flapCount == 0)
        #expect(try copy.read { try $0.eventCountsByKind() } == [.stepDown: 1, .recovered: 1], "v9's counters came across, not counted again")
        var outcomes: [UsageEntry] = []
        try copy.read { try $0.forEachOutcome(OutcomeQuery()) { outcomes.append($0) } }
        #expect(outcomes.first?.details?.message == "bad key")
        #expect(try database.psql("SELECT count(*) FROM failover_migrations WHERE identifier = 'v11-flap-damping'").hasPrefix("0"))
        #expect(try database.psql("SELECT count(*) FROM information_schema.columns WHERE column_name = 'flap_count'").hasPrefix("0"))
    }

    /// Refused before any row is read, each with what to do: a newer failover's, one whose migrations
    /// were changed by hand, one no verb has run on, another program's.
    @Test func aNewerEmptyOrForeignDatabaseIsRefused() throws {
        let newer = try PostgresDatabase()
        _ = try newer.open()
        try newer.psql("INSERT INTO failover_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect {
            _ = try StoreFactory.memoryCopy(of: newer.address, password: nil, lockTimeout: 5)
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .newerSchema(_, let unknown) = error else { return false }
            return unknown == ["v99-from-the-future"] && error.disposition == .user && error.description.contains("upgrade failover")
        }
        let gap = try PostgresDatabase()
        _ = try gap.open()
        try gap.psql("DELETE FROM failover_migrations WHERE identifier = 'v5-env-told'")
        #expect {
            _ = try StoreFactory.memoryCopy(of: gap.address, password: nil, lockTimeout: 5)
        } throws: { error in
            guard let error = error as? PostgresTableExportError, case .gap(_, let missing) = error else { return false }
            return missing == ["v5-env-told"] && error.disposition == .user
        }
        let empty = try PostgresDatabase()
        #expect {
            _ = try StoreFactory.memoryCopy(of: empty.address, password: nil, lockTimeout: 5)
        } throws: { error in
            guard let error = error as? PostgresTableExportError, case .noFleet = error else { return false }
            return error.disposition == .user && error.description.contains("--fresh")
        }
        #expect(try empty.psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").hasPrefix("0"), "nothing was created")
        let foreign = try PostgresDatabase()
        try foreign.psql("CREATE TABLE invoices (id integer)")
        #expect {
            _ = try StoreFactory.memoryCopy(of: foreign.address, password: nil, lockTimeout: 5)
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .foreignDatabase = error else { return false }
            return error.description.contains("invoices")
        }
    }

    /// Each PostgreSQL type maps to the cell SQLite keeps for it; failover's tables use BIGINT and TEXT,
    /// the rest is for a hand-made or future column, and a type with no SQLite form is refused by name.
    @Test func typesMapAsSQLiteStoresThem() throws {
        let database = try PostgresDatabase()
        let connection = try BlockingConnection.open(database.address, password: nil)
        defer { connection.close() }
        let row = try #require(try connection.execute("""
            SELECT 9223372036854775807::bigint, (-9223372036854775808)::bigint, 7::int4, 3::int2, true, false, 1.5::float8, 'é🙂'::text,
                   'x'::varchar, '\\x00ff10'::bytea, '1970-01-02T00:00:01Z'::timestamptz, NULL::bigint, NULL::text, ''::text
            """).rows.first)
        let cells = try row.enumerated().map { try PostgresTableExport.cell($0.element, column: "c\($0.offset)", address: database.address) }
        #expect(cells == [.integer(Int64.max), .integer(Int64.min), .integer(7), .integer(3), .integer(1), .integer(0), .real(1.5), .text("é🙂"),
                          .text("x"), .blob([0, 255, 16]), .integer(86_401), .null, .null, .text("")])
        let numeric = try #require(try connection.execute("SELECT 1.5::numeric").rows.first)
        #expect {
            _ = try PostgresTableExport.cell(numeric.first!, column: "t.amount", address: database.address)
        } throws: { error in
            "\(error)".contains("t.amount") && (error as? PostgresStoreError)?.disposition == .user
        }
    }
}
