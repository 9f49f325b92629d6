import FailoverCore
import Foundation
import GRDB

extension SQLiteStore {
    /// The database at `path` for a verb that only reads it (`failover outcomes`): never created (a
    /// missing file is `cannotOpen`, and SQLite is told not to make one), never migrated, stamped or
    /// switched to WAL; the caller only reads it (`PRAGMA query_only` would not hold: GRDB sets and
    /// clears it around each read). It reads as `status` does: beside a writer in WAL mode, and a quiet
    /// file is left with no side file. A database from an older failover is read through an in-memory
    /// copy brought up to date there (`memoryCopy`).
    package static func reading(path: String, lockTimeout: TimeInterval = defaultLockTimeout) throws(StoreError) -> SQLiteStore {
        guard try StoreFile.inspect(path) == .sqlite else { throw .cannotOpen(path: path, reason: "no such file") }
        let configuration = configuration(lockTimeout: lockTimeout)
        let plan: StoreOwnership.Plan
        let queue: DatabaseQueue
        do {
            // `mode=rw`: opened for reading and writing (so that, as for every verb, closing the last
            // connection removes the side files) but never created, should the file go meanwhile.
            queue = try DatabaseQueue(path: URL(fileURLWithPath: path).standardizedFileURL.absoluteString + "?mode=rw", configuration: configuration)
            plan = try StoreOwnership.plan(try queue.read(StoreOwnership.inspect), path: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error, path: path, lockTimeout: lockTimeout, during: .read)
        }
        guard !plan.migrate else {
            try? queue.close()
            return try memoryCopy(of: path, lockTimeout: lockTimeout)
        }
        return SQLiteStore(path: path, queue: queue, lockTimeout: lockTimeout)
    }
}
