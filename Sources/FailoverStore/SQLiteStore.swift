import FailoverCore
import Foundation
import GRDB

/// The SQLite file holding state, the event ledger and usage. Each `write` is one IMMEDIATE
/// transaction, so a batch's state, events and usage commit together or not at all, and two
/// processes (the dispatcher's `record` and `cycle`) queue behind each other instead of interleaving:
/// each waits up to `lockTimeout` for the other, then gives up before writing anything.
package final class SQLiteStore: Store {
    package let path: String
    /// Internal, not private, so tests can check the connection's settings.
    let queue: DatabaseQueue

    /// How long a verb waits for another process's transaction before giving up: `service.lock_timeout`.
    package let lockTimeout: TimeInterval

    /// `service.lock_timeout`'s default.
    package static let defaultLockTimeout = TimeInterval(ServiceSettings().lockTimeout.seconds)

    /// Opens the database and brings its schema up to date. Where no file exists, creates it (and its
    /// folder). Refuses, before writing anything, a file that is empty, not SQLite, or another program's
    /// database; adopts (and stamps) a database an earlier failover made.
    package init(path: String, lockTimeout: TimeInterval = SQLiteStore.defaultLockTimeout) throws(StoreError) {
        self.path = path
        self.lockTimeout = lockTimeout
        let configuration = Self.configuration(lockTimeout: lockTimeout)
        do {
            if try StoreFile.inspect(path) == .missing {
                try StoreFile.createFolder(for: path)
                try StoreFile.create(at: path, configuration: configuration)
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let plan = try StoreOwnership.plan(try queue.read(StoreOwnership.inspect), path: path)
            if plan.enableWAL { try queue.writeWithoutTransaction(StoreOwnership.enableWAL) }
            if plan.migrate { try Schema.migrator.migrate(queue) }
            if plan.stamp { try queue.write(StoreOwnership.stamp) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, path: path, lockTimeout: lockTimeout, during: .read)
        }
    }

    /// A store over a connection already set up (an in-memory copy); `path` names it in messages.
    init(path: String, queue: DatabaseQueue, lockTimeout: TimeInterval) {
        self.path = path
        self.queue = queue
        self.lockTimeout = lockTimeout
    }

    static func configuration(lockTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        // Not `journalMode = .wal`: GRDB would switch the mode (and write) on every open, before the file
        // is known to be ours. StoreOwnership switches it once; the mode is kept in the file.
        configuration.journalMode = .default
        configuration.busyMode = .timeout(lockTimeout)
        configuration.label = "failover"
        configuration.prepareDatabase { db in
            // SQLite's usual choice in WAL mode; see specs/failover.md "Store" for what it can cost.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// Runs `body` in one IMMEDIATE transaction; everything it wrote commits together, or nothing does.
    @discardableResult
    package func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try translatingErrors(during: .write) {
            var result: T?
            try queue.inTransaction(.immediate) { db in
                let transaction = SQLiteTransaction(db: db)
                result = try body(transaction)
                try transaction.finish()
                return .commit
            }
            return result!
        }
    }

    /// Runs `body` against one consistent snapshot.
    @discardableResult
    package func read<T>(_ body: (any StoreSnapshot) throws -> T) throws -> T {
        try translatingErrors(during: .read) {
            try queue.read { db in try body(SQLiteSnapshot(db: db)) }
        }
    }

    package func acknowledge(_ offers: [EnvOffer]) throws {
        guard !offers.isEmpty else { return }
        try translatingErrors(during: .acknowledgement) {
            try queue.inTransaction(.immediate) { db in
                try EnvSignalRecord.acknowledge(offers, in: db)
                return .commit
            }
        }
    }

    package func ledgerReaders() throws -> any LedgerReaders {
        try SQLiteLedgerReaders(self)
    }

    func translatingErrors<T>(during access: StoreAccess, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path, lockTimeout: lockTimeout, during: access)
        } catch let problem as RowProblem {
            throw StoreError.unreadableRow(path: path, reason: problem.description)
        } catch let error as RowDecodingError {
            throw StoreError.unreadableRow(path: path, reason: "\(error)")
        }
    }

    /// Maps what SQLite reported, wherever it happened (open, read, write, commit), onto what the operator can do.
    static func storeError(_ error: Error, path: String, lockTimeout: TimeInterval, during access: StoreAccess) -> StoreError {
        guard let error = error as? DatabaseError else { return .database("\(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .damaged(path: path, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_FULL:
            return .full(path: path, during: access)
        case .SQLITE_IOERR:
            // SQLite reports a write that hit a full disk as an I/O error more often than as SQLITE_FULL.
            return StoreFile.freeBytes(near: path).map { $0 < 1 << 20 } == true
                ? .full(path: path, during: access) : .ioError(path: path, reason: error.message ?? "\(error.extendedResultCode)")
        case .SQLITE_BUSY:
            // Every write begins IMMEDIATE, so the lock is refused before the transaction writes anything.
            return .locked(path: path, waited: lockTimeout)
        default:
            return .database(error.message ?? "\(error)")
        }
    }
}
