import FailoverCore
import Foundation
import PostgresNIO

/// The store on a PostgreSQL server, for a fleet whose dispatchers run on several hosts: every host's
/// verbs see one state table, one ledger and one usage history.
///
/// Writers serialise on one transaction-level advisory lock, taken before the transaction reads
/// anything: the same single-writer discipline as SQLite's IMMEDIATE transactions, so two `record`s for
/// the same agent (from two hosts or two processes) run one after the other and the second reads
/// what the first committed. Row locks (`SELECT ... FOR UPDATE`) would not do: a batch reads every
/// state and sums a type's usage across every agent for the budget rule, so it depends on more rows
/// than it writes. SERIALIZABLE with retry would, but a verb writes env files under its transaction,
/// and running its body again after a serialization failure would write them twice. A writer that
/// waits longer than `lockTimeout` gives up before writing anything (exit 75, safe to retry).
/// Reads run in REPEATABLE READ, READ ONLY transactions: one consistent snapshot, never waiting for writers.
package final class PostgresStore: Store {
    package let address: PostgresAddress
    package let lockTimeout: TimeInterval
    let connection: BlockingConnection
    private let password: String?

    /// The advisory lock every writer takes: "FOVR", as SQLite's application_id. Advisory locks are
    /// per database, so two fleets on one server do not share it.
    static let writeLockKey: Int64 = 0x464F_5652

    /// Connects, refuses a database that is not failover's or was written by a newer failover, and brings
    /// its schema up to date.
    package init(address: PostgresAddress, password: String?, lockTimeout: TimeInterval = 60) throws {
        self.address = address
        self.password = password
        self.lockTimeout = lockTimeout
        connection = try BlockingConnection.open(address, password: password)
        do {
            try migrate()
        } catch {
            connection.close()
            throw PostgresErrors.storeError(error, address: address.description, lockTimeout: lockTimeout)
        }
    }

    deinit { connection.close() }

    /// Runs `body` in one transaction holding the write lock; everything it wrote commits together, or nothing does.
    @discardableResult
    package func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try locked { connection in
            let transaction = PostgresTransaction(connection: connection)
            let result = try body(transaction)
            try transaction.finish()
            return result
        }
    }

    /// Runs `body` against one consistent snapshot.
    @discardableResult
    package func read<T>(_ body: (any StoreSnapshot) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            try body(PostgresSnapshot(connection: connection))
        }
    }

    package func acknowledge(_ offers: [EnvOffer]) throws {
        guard !offers.isEmpty else { return }
        try locked { connection in
            // One at a time, in order, as `EnvSignal.acknowledging`: a later offer's acknowledgement
            // settles, an earlier one's finds its offer gone.
            for offer in offers {
                try connection.query("""
                    UPDATE agent_provider_state SET env_told = \(offer.digest), env_offer = NULL
                    WHERE agent = \(offer.agent.rawValue) AND env_offer IS NOT NULL AND env_offer_serial = \(offer.serial)
                    """)
            }
        }
    }

    package func ledgerReaders() throws -> any LedgerReaders {
        PostgresLedgerReaders(address: address, password: password, lockTimeout: lockTimeout)
    }

    /// A write transaction: READ COMMITTED, so each statement after the lock sees every writer that
    /// committed before it was granted.
    func locked<T>(_ body: (BlockingConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED") { connection in
            try Self.takeWriteLock(connection, timeout: lockTimeout)
            return try body(connection)
        }
    }

    static func takeWriteLock(_ connection: BlockingConnection, timeout: TimeInterval) throws {
        let milliseconds = max(1, Int((timeout * 1000).rounded()))
        try connection.execute("SET LOCAL lock_timeout = \(milliseconds)")
        try connection.query("SELECT pg_advisory_xact_lock(\(writeLockKey))")
    }

    /// `begin`, `body`, COMMIT; ROLLBACK when anything fails, and the error mapped for the operator.
    func transaction<T>(_ begin: String, _ body: (BlockingConnection) throws -> T) throws -> T {
        try connection.exclusive {
            do {
                try connection.execute(begin)
                do {
                    let result = try body(connection)
                    try connection.execute("COMMIT")
                    return result
                } catch {
                    _ = try? connection.execute("ROLLBACK")
                    throw error
                }
            } catch {
                throw PostgresErrors.storeError(error, address: address.description, lockTimeout: lockTimeout)
            }
        }
    }

    /// What is applied, checked without the lock first: opening an up-to-date database (every verb
    /// does) then never waits for a writer.
    private func migrate() throws {
        if try connection.exclusive({ try PostgresMigrator.isCurrent(connection, address: address) }) { return }
        try locked { connection in try PostgresMigrator.migrate(connection, address: address) }
    }
}
