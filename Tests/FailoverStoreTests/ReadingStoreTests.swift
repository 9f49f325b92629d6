import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import Testing

/// `SQLiteStore.reading`, what `failover outcomes` reads through: the file as it is, never made or
/// migrated, and no side file left beside a quiet one.
@Suite struct ReadingStoreTests {
    @Test func aMissingDatabaseIsRefusedAndNotMade() throws {
        let store = try TemporaryStore()
        let missing = store.folder.appendingPathComponent("elsewhere/none.sqlite").path
        #expect {
            _ = try SQLiteStore.reading(path: missing)
        } throws: { error in
            guard case StoreError.cannotOpen(let path, _)? = error as? StoreError else { return false }
            return path == missing
        }
        #expect(!FileManager.default.fileExists(atPath: store.folder.appendingPathComponent("elsewhere").path))
    }

    @Test func aCurrentDatabaseIsReadAsItIs() throws {
        let store = try TemporaryStore()
        try store.store.write { try $0.record(usage("coder-1", at: t0, tokens: 5)) }
        try store.store.queue.close()
        let folder = URL(fileURLWithPath: store.path).deletingLastPathComponent()
        let before = try MemoryCopyTests.fingerprint(folder)
        #expect(!before.keys.contains { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") }, "\(before.keys)")
        do {
            let reading = try SQLiteStore.reading(path: store.path)
            var agents: [AgentID] = []
            try reading.read { snapshot in try snapshot.forEachOutcome(OutcomeQuery()) { agents.append($0.agent) } }
            #expect(agents == ["coder-1"])
        }
        #expect(try MemoryCopyTests.fingerprint(folder) == before, "the file and its folder are as they were")
    }

    @Test func anOlderDatabaseIsReadThroughACopyAndNotMigrated() throws {
        let older = try OlderDatabase(upTo: "v9-events-by-kind")
        try older.queue.write { db in
            try db.execute(sql: "INSERT INTO agent_provider_state (agent, tier, updated_at) VALUES ('coder-1', 2, 0)")
        }
        try older.queue.close()
        let before = try MemoryCopyTests.fingerprint(older.folder)
        do {
            let reading = try SQLiteStore.reading(path: older.path)
            #expect(try reading.read { try $0.states() }["coder-1"]?.tier == 2)
        }
        #expect(try MemoryCopyTests.fingerprint(older.folder) == before)
        let applied = try DatabaseQueue(path: older.path).read { try Schema.migrator.appliedIdentifiers($0) }
        #expect(!applied.contains("v10-outcome-details"), "the file was not migrated")
    }

    @Test func aNewerDatabaseIsRefusedAsEveryVerbRefusesIt() throws {
        let store = try TemporaryStore()
        try store.store.queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.self) { _ = try SQLiteStore.reading(path: store.path) }
    }
}
