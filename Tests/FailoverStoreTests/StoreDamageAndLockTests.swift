import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import TestSupport
import Testing

/// SQLite's damage reports and lock waits, as every verb meets them: specs/failover.md "Store".
@Suite struct StoreDamageTests {
    func isDamage(_ error: any Error, _ path: String) -> Bool {
        guard let error = error as? StoreError, case .damaged = error else { return false }
        return error.isUserError && error.description.contains(path) && error.description.contains("failover verify")
            && error.description.contains("failover backup")
    }

    @Test func aWholeDatabasePassesTheIntegrityCheck() throws {
        let folder = try ScratchFolder()
        let path = try populatedDatabase(in: folder)
        #expect(try IntegrityCheck.problems(path: path).isEmpty)
    }

    @Test func garbageOverATablesPageIsDamageWhenReadAndInTheIntegrityCheck() throws {
        let folder = try ScratchFolder()
        let path = try populatedDatabase(in: folder)
        try damageRootPage(of: "agent_provider_state", in: path)
        // The open-time check reads the header and the schema only, so the open still succeeds ...
        let store = try SQLiteStore(path: path)
        // ... and the first read of the damaged table reports it, as a user error naming the file.
        #expect { try store.read { try $0.states() } } throws: { isDamage($0, path) }
        #expect { try store.write { try $0.snapshot.states() } } throws: { isDamage($0, path) }
        let problems = try IntegrityCheck.problems(path: path)
        #expect(!problems.isEmpty)
    }

    @Test(arguments: [UInt8(0), nil])
    func pagesOverwrittenAfterTheHeaderAreDamage(_ byte: UInt8?) throws {
        let folder = try ScratchFolder()
        let path = try populatedDatabase(in: folder)
        try damagePages(path, with: byte)
        #expect {
            let store = try SQLiteStore(path: path)
            _ = try store.read { try $0.states() }
        } throws: { isDamage($0, path) }
        #expect(!(try IntegrityCheck.problems(path: path)).isEmpty)
    }

    @Test func aTruncatedDatabaseIsDamageAtOpen() throws {
        let folder = try ScratchFolder()
        let path = try populatedDatabase(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        #expect { try SQLiteStore(path: path) } throws: { isDamage($0, path) }
        let problems = try IntegrityCheck.problems(path: path)
        #expect(!problems.isEmpty)
    }

    @Test func theIntegrityCheckRefusesWhatIsNoDatabase() throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: StoreError.self) { try IntegrityCheck.problems(path: path) }
        #expect(throws: StoreError.self) { try IntegrityCheck.problems(path: folder.path("missing.sqlite")) }
        #expect(!FileManager.default.fileExists(atPath: folder.path("missing.sqlite")))
    }
}

@Suite struct StoreLockTests {
    @Test func aWriterGivesUpAfterTheLockTimeoutHavingWrittenNothing() throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        let store = try SQLiteStore(path: path, lockTimeout: 0.5)
        let holder = try WriteLockHolder(path: path)
        let started = Date()
        #expect {
            try store.write { transaction in
                try transaction.save(AgentState(agent: "a", tier: 2), at: t0)
                try transaction.append(LedgerEvent(agent: "a", at: t0, kind: .created, fromTier: 1, toTier: 1, source: .config))
                try transaction.record(usage("a", at: t0, tokens: 10))
            }
        } throws: { error in
            guard let error = error as? StoreError, case .locked = error else { return false }
            return error.isTemporary && !error.isUserError && error.description.contains("nothing was written")
                && error.description.contains("safe to retry") && error.description.contains(path)
        }
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.45 && waited < 5, "waited \(waited) s")
        holder.release()
        holder.waitUntilReleased()
        try store.read { (reader: any StoreSnapshot) throws in
            #expect(try reader.states().isEmpty)
            #expect(try reader.eventCount() == 0)
            #expect(try reader.usageRowCount() == 0)
        }
        try store.write { try $0.save(AgentState(agent: "a"), at: t0) }
        #expect(try store.read { try $0.states() }.count == 1)
    }

    @Test func aWriterWaitsForALockReleasedWithinTheTimeout() throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        let store = try SQLiteStore(path: path, lockTimeout: 10)
        let holder = try WriteLockHolder(path: path)
        holder.release(after: 0.4)
        let started = Date()
        try store.write { try $0.save(AgentState(agent: "a"), at: t0) }
        #expect(Date().timeIntervalSince(started) >= 0.35)
        holder.waitUntilReleased()
        #expect(try store.read { try $0.states() }.count == 1)
    }

    @Test func readersDoNotWaitForTheWriter() throws {
        let folder = try ScratchFolder()
        let path = folder.path("failover.sqlite")
        try SQLiteStore(path: path).write { try $0.save(AgentState(agent: "a"), at: t0) }
        let holder = try WriteLockHolder(path: path)
        defer { holder.release(); holder.waitUntilReleased() }
        let started = Date()
        let reader = try SQLiteStore(path: path, lockTimeout: 5)
        #expect(try reader.read { try $0.states() }.count == 1)
        #expect(Date().timeIntervalSince(started) < 2)
    }
}
