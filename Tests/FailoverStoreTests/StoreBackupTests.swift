import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import Testing

/// `failover backup`'s store half: specs/failover.md "Store".
@Suite struct StoreBackupTests {
    @Test func aBackupIsAWholeStampedCopy() throws {
        let folder = try ScratchFolder()
        let store = try SQLiteStore(path: try populatedDatabase(in: folder))
        let report = try store.backup(to: folder.path("copy.sqlite"), replacing: false)
        #expect(report.path == folder.path("copy.sqlite") && report.bytes > 0)
        #expect(try IntegrityCheck.problems(path: report.path).isEmpty)
        let copy = try SQLiteStore(path: report.path)
        #expect(try copy.read { try $0.eventCount() } == 400)
        #expect(try copy.read { try $0.states() }.count == 40)
        #expect(try copy.queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } == StoreOwnership.applicationID)
        #expect(try folder.names().filter { $0.contains("partial") }.isEmpty)
    }

    @Test func anExistingFileIsReplacedOnlyWhenAsked() throws {
        let folder = try ScratchFolder()
        let store = try SQLiteStore(path: try populatedDatabase(in: folder))
        let target = folder.path("copy.sqlite")
        try Data("yesterday's backup".utf8).write(to: URL(fileURLWithPath: target))
        #expect {
            try store.backup(to: target, replacing: false)
        } throws: { error in
            guard let error = error as? StoreError, case .backupExists = error else { return false }
            return error.isUserError && error.description.contains("--force")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data("yesterday's backup".utf8))
        // Not a database: not even --force replaces it (it may be the config, named by a slip).
        #expect {
            try store.backup(to: target, replacing: true)
        } throws: { error in
            (error as? StoreError)?.description.contains("it is not a SQLite database (an earlier backup), so --force does not replace it") == true
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data("yesterday's backup".utf8))
        try FileManager.default.removeItem(atPath: target)
        try store.backup(to: target, replacing: false)
        try store.backup(to: target, replacing: true)
        #expect(try IntegrityCheck.problems(path: target).isEmpty)
        #expect(try folder.names().filter { $0.contains("partial") }.isEmpty)
    }

    @Test func theDatabaseItselfIsNoBackupTarget() throws {
        let folder = try ScratchFolder()
        let path = try populatedDatabase(in: folder)
        let store = try SQLiteStore(path: path)
        for target in [path, folder.url.appendingPathComponent("./failover.sqlite").path, path + "-wal"] {
            #expect(throws: StoreError.self) { try store.backup(to: target, replacing: true) }
        }
        #expect(try store.read { try $0.eventCount() } == 400)
    }

    @Test func aDamagedDatabaseMakesNoBackup() throws {
        let folder = try ScratchFolder()
        let path = try populatedDatabase(in: folder)
        try damageRootPage(of: "task_usage", in: path)
        let store = try SQLiteStore(path: path)
        #expect {
            try store.backup(to: folder.path("copy.sqlite"), replacing: false)
        } throws: { error in
            guard let error = error as? StoreError, case .backupFailed = error else { return false }
            return error.isUserError && error.description.contains("integrity check") && error.description.contains("\(path) is damaged")
        }
        #expect(try folder.names().filter { $0.contains("copy") }.isEmpty, "neither the copy nor its temporary file is left")
    }

    @Test func aMissingFolderIsReported() throws {
        let folder = try ScratchFolder()
        let store = try SQLiteStore(path: try populatedDatabase(in: folder))
        #expect {
            try store.backup(to: folder.path("nowhere/copy.sqlite"), replacing: false)
        } throws: { error in
            (error as? StoreError)?.description.contains("does not exist") == true
        }
    }
}
