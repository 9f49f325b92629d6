import Foundation
import GRDB

/// SQLite's `PRAGMA integrity_check` over the whole file, for `failover verify` and for checking a
/// backup. It reads every page, so it costs seconds on a large database: never part of a verb's
/// hot path, which relies on SQLite reporting damage on the pages it happens to touch.
package enum IntegrityCheck {
    /// At most this many problems are listed; a damaged file can have thousands.
    static let maximumProblems = 100

    /// What SQLite found wrong, one line per problem; empty when the file is whole. Opens the file
    /// without the store's checks or migrations (it may be too damaged for them) and writes nothing.
    /// Throws only when there is no SQLite file to check, or it is locked or unreadable.
    package static func problems(path: String, lockTimeout: TimeInterval = SQLiteStore.defaultLockTimeout) throws(StoreError) -> [String] {
        guard try StoreFile.inspect(path) == .sqlite else { throw .cannotOpen(path: path, reason: "no such file") }
        do {
            let queue = try DatabaseQueue(path: path, configuration: SQLiteStore.configuration(lockTimeout: lockTimeout))
            return try queue.read { db in try problems(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            // Damaged where the check itself has to start (the header or the schema): that is the finding.
            return ["SQLite could not read the file: \(error.message ?? "\(error.resultCode)")"]
        } catch {
            throw SQLiteStore.storeError(error, path: path, lockTimeout: lockTimeout, during: .read)
        }
    }

    static func problems(_ db: Database) throws -> [String] {
        let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check(\(maximumProblems))")
        return rows == ["ok"] ? [] : rows
    }
}
