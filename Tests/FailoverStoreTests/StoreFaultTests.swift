import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import Testing

/// The database is ours and whole, or the store refuses it: specs/failover.md "Store".
@Suite struct StoreOwnershipTests {
    func applicationID(_ path: String) throws -> Int32? {
        try DatabaseQueue(path: path).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
    }

    @Test func aNewDatabaseIsStampedInWALModeAndAppearsWhole() throws {
        let folder = try ScratchFolder()
        let store = try SQLiteStore(path: folder.path("var/failover.sqlite"))
        #expect(try store.queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } == 0x464F_5652)
        #expect(try store.queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try store.queue.read { db in try Schema.migrator.hasCompletedMigrations(db) })
        // Built under a temporary name and linked into place: nothing of the build is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("var")).filter { $0.contains("creating") }.isEmpty)
    }

    @Test func theKnownTablesAreExactlyWhatTheMigrationsMake() throws {
        let folder = try ScratchFolder()
        let store = try SQLiteStore(path: folder.path("failover.sqlite"))
        let tables = try store.queue.read { db in try StoreOwnership.inspect(db).tables }
        #expect(tables == StoreOwnership.tables)
    }

    @Test func aZeroLengthFileIsRefusedAndLeftUntouched() throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect {
            try SQLiteStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .emptyFile = error else { return false }
            return error.isUserError && error.description.contains(path) && error.description.contains("restore the database from a backup")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
        #expect(try folder.names() == ["failover.sqlite"])
    }

    @Test(arguments: ["not sqlite", String(repeating: "this is not sqlite\n", count: 100)])
    func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched(_ text: String) throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try SQLiteStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .notADatabase = error else { return false }
            return error.isUserError && error.description.contains(path) && error.description.contains("SQLite header")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.utf8))
        #expect(try folder.names() == ["failover.sqlite"])
    }

    /// Another program's database: stamped with its own id, or unstamped with its own tables.
    @Test(arguments: [
        ("PRAGMA application_id = 1234", "application_id is 0x4D2"),
        ("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 100)", "tables failover does not make: invoices"),
        ("CREATE TABLE agent_provider_state (agent TEXT)", "no record of failover's migrations"),
    ])
    func anotherProgramsDatabaseIsRefusedAndNotModified(_ sql: String, _ reason: String) throws {
        let folder = try ScratchFolder()
        let path = folder.path("app.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try SQLiteStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .foreignDatabase = error else { return false }
            return error.isUserError && error.description.contains(path) && error.description.contains(reason)
                && error.description.contains("point service.database at a file of its own")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try folder.names() == ["app.sqlite"], "no journal or WAL left behind either")
    }

    @Test func aFailoverDatabaseSomeoneAddedATableToIsRefused() throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        _ = try SQLiteStore(path: path)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        #expect {
            try SQLiteStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .foreignDatabase = error else { return false }
            return error.description.contains("notes")
        }
    }

    @Test func anEarlierVersionsDatabaseIsAdoptedAndStamped() throws {
        let older = try OlderDatabase(upTo: Schema.migrator.migrations.last!)
        try older.queue.write { db in
            try db.execute(sql: "INSERT INTO agent_provider_state (agent, tier, updated_at) VALUES ('coder-1', 2, 0)")
            try db.execute(sql: "INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak) VALUES ('coder-1', 0, 'step_down', 1, 2, 'outcome', 0, 0)")
        }
        #expect(try older.queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } == 0)
        let store = try older.upgraded()
        #expect(try applicationID(older.path) == StoreOwnership.applicationID)
        #expect(try store.read { try $0.states() }["coder-1"]?.tier == 2)
        #expect(try store.read { try $0.eventCount() } == 1)
    }

    @Test func anEarlierSchemaIsMigratedAndStamped() throws {
        let older = try OlderDatabase(upTo: "v1-state-ledger-usage")
        _ = try older.upgraded()
        #expect(try applicationID(older.path) == StoreOwnership.applicationID)
    }

    @Test func anEmptySQLiteDatabaseIsAdopted() throws {
        // A valid SQLite file with no tables holds nothing anyone could lose.
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "PRAGMA user_version = 0") }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 > 0)
        _ = try SQLiteStore(path: path)
        #expect(try applicationID(path) == StoreOwnership.applicationID)
    }

    @Test func manyOpenersOfANewPathShareOneDatabase() throws {
        // Each builds its own and links it into place; the losers open the winner's. Nobody's writes vanish
        // with a database replaced under them.
        let folder = try ScratchFolder()
        let path = folder.path("var/failover.sqlite")
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            do {
                let store = try SQLiteStore(path: path)
                try store.write { try $0.save(AgentState(agent: AgentID("agent-\(index)")), at: t0) }
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
        #expect(try SQLiteStore(path: path).read { try $0.states() }.count == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("var")).filter { $0.contains("creating") }.isEmpty)
    }
}
