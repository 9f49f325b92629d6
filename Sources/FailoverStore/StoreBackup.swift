import Foundation
import GRDB

/// What `failover backup` wrote.
package struct BackupReport: Sendable {
    package var path: String
    package var bytes: Int
    package var seconds: Double
}

extension SQLiteStore {
    /// Copies the database to `destination` with SQLite's online backup API, safe while the dispatcher
    /// writes: the copy is one consistent snapshot (WAL readers never block writers, and all pages are
    /// copied in one step so a concurrent commit cannot restart it). The copy is written beside
    /// `destination`, checked (`integrity_check`, failover's application_id), then moved into place, so
    /// `destination` is either left as it was or is a whole, checked database.
    @discardableResult
    package func backup(to destination: String, replacing: Bool) throws(StoreError) -> BackupReport {
        let started = Date()
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let folder = target.deletingLastPathComponent()
        // Compared with links resolved, so a backup cannot be written over the live database by another name.
        let database = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let resolved = folder.resolvingSymlinksInPath().appendingPathComponent(target.lastPathComponent).path
        guard ![database, database + "-wal", database + "-shm"].contains(resolved) else {
            throw .backupFailed(path: destination, reason: "that is the database itself; back it up to another file")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .backupFailed(path: destination, reason: "folder \(folder.path) does not exist")
        }
        if FileManager.default.fileExists(atPath: target.path) {
            guard replacing else { throw .backupExists(path: destination) }
            // --force is for an earlier backup: a config file or anything else named by a slip of the
            // keyboard is not replaced with a database.
            guard Self.isSQLiteDatabase(target.path) else {
                throw .backupFailed(path: destination, reason: "it is not a SQLite database (an earlier backup), so --force does not replace it; remove it yourself if it is meant to go, or choose another path")
            }
        }

        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)").path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
        do {
            let copy = try DatabaseQueue(path: temporary)
            try queue.backup(to: copy)
            // A restored backup cannot know what containers were told since it was taken: restored, it
            // takes each env file on disk as what its container runs (as after an upgrade), so the first
            // cycle flags every container whose file it has to change back.
            try copy.write { db in try db.execute(sql: "UPDATE agent_provider_state SET env_told = NULL, env_offer = NULL") }
            try copy.close()
        } catch {
            throw Self.backupError(error, destination: destination, source: path, lockTimeout: lockTimeout)
        }
        try Self.checkCopy(temporary, destination: destination, source: path)
        try Self.moveIntoPlace(temporary, target.path, replacing: replacing, destination: destination)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.intValue ?? 0
        return BackupReport(path: target.path, bytes: bytes, seconds: Date().timeIntervalSince(started))
    }

    /// The file starts with SQLite's header ("SQLite format 3" and a NUL), read without opening it as a
    /// database: whatever else it is stays untouched.
    static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    /// A copy that fails the check means the database itself is damaged (the backup API copies pages as
    /// they are): say so, and keep the last good backup where it is.
    static func checkCopy(_ temporary: String, destination: String, source: String) throws(StoreError) {
        let problems = try IntegrityCheck.problems(path: temporary)
        guard problems.isEmpty else {
            let first = problems.prefix(3).joined(separator: "; ")
            throw .backupFailed(path: destination, reason: "the copy failed SQLite's integrity check (\(first)), so database \(source) is damaged; \(StoreError.restoreAdvice(path: source))")
        }
        let id: Int32?
        do {
            id = try DatabaseQueue(path: temporary).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        } catch {
            throw .backupFailed(path: destination, reason: "cannot read the copy back: \(error)")
        }
        guard id == StoreOwnership.applicationID else {
            throw .backupFailed(path: destination, reason: "the copy does not carry failover's application_id")
        }
    }

    /// Without `replacing`, links the copy into place, which fails rather than replace a file that
    /// appeared meanwhile; with it, renames over the old backup in one step.
    static func moveIntoPlace(_ temporary: String, _ target: String, replacing: Bool, destination: String) throws(StoreError) {
        if replacing {
            guard rename(temporary, target) == 0 else { throw .backupFailed(path: destination, reason: String(cString: strerror(errno))) }
        } else if link(temporary, target) != 0 {
            let code = errno
            if code == EEXIST { throw .backupExists(path: destination) }
            throw .backupFailed(path: destination, reason: String(cString: strerror(code)))
        }
        // The rename is durable once the folder's entry is on disk.
        if let folder = FileHandle(forReadingAtPath: URL(fileURLWithPath: target).deletingLastPathComponent().path) {
            try? folder.synchronize()
            try? folder.close()
        }
    }

    static func backupError(_ error: Error, destination: String, source: String, lockTimeout: TimeInterval) -> StoreError {
        guard let error = error as? DatabaseError else { return .backupFailed(path: destination, reason: "\(error)") }
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_BUSY:
            return storeError(error, path: source, lockTimeout: lockTimeout, during: .read)
        default:
            // Most likely the destination: a full disk, a read-only folder.
            return .backupFailed(path: destination, reason: error.message ?? "\(error.resultCode)")
        }
    }
}
