import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import Testing

/// `SQLiteStore.memoryCopy`, what `failover simulate` starts from: the file as it is, in memory,
/// brought up to date there, and the file itself never touched.
@Suite struct MemoryCopyTests {
    static func fingerprint(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func anOlderDatabaseIsMigratedInMemoryAndLeftAsItWas() throws {
        let older = try OlderDatabase(upTo: "v9-events-by-kind")
        try older.queue.write { db in
            try db.execute(sql: "INSERT INTO agent_provider_state (agent, tier, updated_at) VALUES ('coder-1', 2, 0)")
        }
        try older.queue.close()
        let before = try Self.fingerprint(older.folder)
        let copy = try SQLiteStore.memoryCopy(of: older.path)
        #expect(try copy.read { try $0.states() }["coder-1"]?.tier == 2)
        // The copy has the current schema: it takes a row with details, which v9 could not store.
        try copy.write { try $0.record(usage("coder-1", at: t0, tokens: 1)) }
        #expect(try copy.read { try $0.usageRowCount() } == 1)
        #expect(try Self.fingerprint(older.folder) == before, "the file and its folder are as they were")
        let applied = try DatabaseQueue(path: older.path).read { try Schema.migrator.appliedIdentifiers($0) }
        #expect(!applied.contains("v10-outcome-details"), "the file was not migrated")
    }

    @Test func aNewerOrForeignDatabaseIsRefusedAsEveryVerbRefusesIt() throws {
        let store = try TemporaryStore()
        try store.store.queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect {
            _ = try SQLiteStore.memoryCopy(of: store.path)
        } throws: { error in
            guard case StoreError.newerSchema(_, let unknown)? = error as? StoreError else { return false }
            return unknown == ["v99-from-the-future"]
        }
        #expect(throws: StoreError.self) { _ = try SQLiteStore.memoryCopy(of: store.folder.appendingPathComponent("none.sqlite").path) }
    }

    @Test func writesToTheCopyStayInMemory() throws {
        let store = try TemporaryStore()
        try store.store.write { try $0.save(AgentState(agent: "coder-1", tier: 3), at: t0) }
        let copy = try SQLiteStore.memoryCopy(of: store.path)
        try copy.write { try $0.save(AgentState(agent: "coder-1", tier: 1), at: t0) }
        #expect(try copy.read { try $0.states() }["coder-1"]?.tier == 1)
        #expect(try store.store.read { try $0.states() }["coder-1"]?.tier == 3)
        let scratch = try SQLiteStore.scratch()
        #expect(try scratch.read { try $0.states() }.isEmpty)
    }
}
