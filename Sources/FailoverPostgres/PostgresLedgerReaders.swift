import FailoverCore
import Foundation

/// `LedgerReaders` over connections of their own, opened as threads ask and kept for the next query:
/// a render reads each page's events on the thread that renders it, each on its own connection.
final class PostgresLedgerReaders: LedgerReaders {
    let address: PostgresAddress
    let password: String?
    let lockTimeout: TimeInterval
    private let idle = LockedBox<[BlockingConnection]>([])

    init(address: PostgresAddress, password: String?, lockTimeout: TimeInterval) {
        self.address = address
        self.password = password
        self.lockTimeout = lockTimeout
    }

    deinit {
        for connection in idle.withLockedValue({ $0 }) { connection.close() }
    }

    /// One statement: consistent by itself, and bounded by `throughID` to what a snapshot saw.
    func events(_ query: EventQuery) throws -> [LedgerEvent] {
        let connection = try idle.withLockedValue { $0.popLast() } ?? BlockingConnection.open(address, password: password)
        defer { idle.withLockedValue { $0.append(connection) } }
        do {
            return try connection.exclusive { try PostgresSnapshot(connection: connection).events(query) }
        } catch {
            throw PostgresErrors.storeError(error, address: address.description, lockTimeout: lockTimeout)
        }
    }
}
