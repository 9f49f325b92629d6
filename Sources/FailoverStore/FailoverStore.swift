import FailoverCore
import Foundation
import GRDB

/// The SQLite file holding state, the event ledger and usage. Each `write` is one IMMEDIATE
/// transaction, so a batch's state, events and usage commit together or not at all, and two
/// processes (the dispatcher's `record` and `cycle`) queue behind each other instead of interleaving.
public final class FailoverStore: Sendable {
    public let path: String
    /// Internal, not private, so tests can check the connection's settings.
    let queue: DatabaseQueue

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating the file and its folder when missing) and brings the schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "failover"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let applied = try queue.read { db in try Schema.migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(Schema.migrator.migrations)
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknownMigrations: unknown.sorted()) }
            try Schema.migrator.migrate(queue)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction; everything it wrote commits together, or nothing does.
    @discardableResult
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try translatingErrors {
            var result: T?
            try queue.inTransaction(.immediate) { db in
                let transaction = StoreTransaction(db: db)
                result = try body(transaction)
                try transaction.finish()
                return .commit
            }
            return result!
        }
    }

    /// Runs `body` against one consistent snapshot.
    @discardableResult
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        try translatingErrors {
            try queue.read { db in try body(StoreReader(db: db)) }
        }
    }

    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        }
    }

    static func storeError(_ error: Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else { return .database("\(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notADatabase(path: path, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_BUSY:
            return .database("the database stayed locked by another process for \(Int(busyTimeout)) s: \(error.message ?? "")")
        default:
            return .database(error.message ?? "\(error)")
        }
    }
}
