import FailoverCore
import Foundation
import GRDB

/// `LedgerReaders` over a read-only pool of connections to the store's file, one per core: a render
/// reads each page's events on the thread that renders it, instead of one thread reading for all.
final class SQLiteLedgerReaders: LedgerReaders {
    private let pool: DatabasePool
    private let store: SQLiteStore

    init(_ store: SQLiteStore) throws {
        var configuration = SQLiteStore.configuration(lockTimeout: store.lockTimeout)
        configuration.readonly = true
        configuration.maximumReaderCount = max(2, ProcessInfo.processInfo.activeProcessorCount)
        self.store = store
        pool = try store.translatingErrors(during: .read) { try DatabasePool(path: store.path, configuration: configuration) }
    }

    func events(_ query: EventQuery) throws -> [LedgerEvent] {
        try store.translatingErrors(during: .read) { try pool.read { try SQLiteSnapshot(db: $0).events(query) } }
    }
}
