import FailoverCore
import Foundation
import GRDB

/// Stores that live in memory only, for `failover simulate`: the real store code (schema, triggers,
/// window sums) runs against them, and nothing reaches a file.
extension SQLiteStore {
    /// An empty store with the current schema: a fleet nobody has seen yet.
    package static func scratch() throws(StoreError) -> SQLiteStore {
        let name = "a new in-memory database"
        do {
            let memory = try DatabaseQueue(configuration: configuration(lockTimeout: defaultLockTimeout))
            try Schema.migrator.migrate(memory)
            return SQLiteStore(path: name, queue: memory, lockTimeout: defaultLockTimeout)
        } catch {
            throw storeError(error, path: name, lockTimeout: defaultLockTimeout, during: .read)
        }
    }

    /// An in-memory copy of the database at `path`, taken with SQLite's backup API through a read-only
    /// connection, then brought up to the current schema in memory. The file is never written, never
    /// locked for writing, and no side file is left behind:
    ///
    /// - while another process has the database open (its `-wal` is there), the copy reads through
    ///   that process's `-wal` and `-shm` as any WAL reader does, beside a writer that holds the lock;
    /// - while none has (no `-wal`), a read-only connection would create `-wal` and `-shm` and leave
    ///   them, so the file is read as immutable (no locks, no side files) and checked unchanged
    ///   afterwards; a writer that came and went meanwhile makes it read again.
    package static func memoryCopy(of path: String, lockTimeout: TimeInterval = defaultLockTimeout) throws(StoreError) -> SQLiteStore {
        guard try StoreFile.inspect(path) == .sqlite else { throw .cannotOpen(path: path, reason: "no such file") }
        var attempts = 0
        while true {
            attempts += 1
            let quiet = !FileManager.default.fileExists(atPath: path + "-wal")
            let before = FileIdentity(path)
            // Unchanged and still closed: what was read is one committed state.
            let undisturbed = { !quiet || (before != nil && before == FileIdentity(path) && !FileManager.default.fileExists(atPath: path + "-wal")) }
            let memory: DatabaseQueue
            let migrate: Bool
            do {
                var configuration = configuration(lockTimeout: lockTimeout)
                configuration.readonly = true
                let source = try DatabaseQueue(path: quiet ? immutableURI(path) : path, configuration: configuration)
                let plan = try StoreOwnership.plan(try source.read(StoreOwnership.inspect), path: path)
                migrate = plan.migrate
                memory = try DatabaseQueue(configuration: self.configuration(lockTimeout: lockTimeout))
                try source.backup(to: memory)
                try source.close()
            } catch {
                // A page a writer's checkpoint changed under the read may look damaged: read again.
                if !undisturbed(), attempts < 5 { continue }
                if let error = error as? StoreError { throw error }
                throw storeError(error, path: path, lockTimeout: lockTimeout, during: .read)
            }
            if !undisturbed() {
                // Writers came and went through every copy: busy as if locked, and as safe to run again.
                guard attempts < 5 else { throw .locked(path: path, waited: 0) }
                continue
            }
            do {
                if migrate { try Schema.migrator.migrate(memory) }
            } catch {
                throw storeError(error, path: path, lockTimeout: lockTimeout, during: .read)
            }
            return SQLiteStore(path: "\(path) (an in-memory copy)", queue: memory, lockTimeout: lockTimeout)
        }
    }

    /// `file:` URI of `path` opened read-only and immutable: SQLite takes no lock and opens no side file.
    static func immutableURI(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString + "?mode=ro&immutable=1"
    }

    /// What changes when a file is written: its size, times to the nanosecond, and inode.
    struct FileIdentity: Equatable {
        var size: Int64
        var modified: timespec
        var changed: timespec
        var inode: UInt

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modified = info.st_mtimespec
            changed = info.st_ctimespec
            #else
            modified = info.st_mtim
            changed = info.st_ctim
            #endif
            inode = UInt(info.st_ino)
        }

        static func == (a: FileIdentity, b: FileIdentity) -> Bool {
            a.size == b.size && a.inode == b.inode && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
                && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
        }
    }
}
