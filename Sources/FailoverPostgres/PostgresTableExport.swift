import FailoverCore
import Foundation
import PostgresNIO

/// A PostgreSQL failover database's tables read row by row as they are stored, for `failover simulate`
/// (the mirror of `PostgresImport`): one REPEATABLE READ, READ ONLY transaction on a connection of its
/// own, so every table is read from one committed state while writers go on, no write lock is taken,
/// and nothing is written: not even a migration, which is why this does not open a `PostgresStore`.
package final class PostgresTableExport {
    let connection: BlockingConnection
    let address: PostgresAddress
    /// The migrations the database has applied, in the order they were registered: the copy is made at
    /// that schema, then brought up to date where it lives.
    package let migrations: [String]

    private init(connection: BlockingConnection, address: PostgresAddress, migrations: [String]) {
        self.connection = connection
        self.address = address
        self.migrations = migrations
    }

    /// How many rows a `FETCH` brings, as `PostgresSnapshot.page`: a million-row ledger is never held
    /// at once, and is read in a few hundred round trips.
    package static let batch = 5000

    /// Opens the snapshot, refuses a database that is not failover's, is empty, or was written by a
    /// newer failover (before reading any row), and runs `body` with the reader.
    package static func reading<T>(_ address: PostgresAddress, password: String?, lockTimeout: TimeInterval,
                                   _ body: (PostgresTableExport) throws -> T) throws -> T {
        let connection = try BlockingConnection.open(address, password: password)
        defer { connection.close() }
        return try connection.exclusive {
            do {
                try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                // A migration running now holds its tables' locks: wait for it no longer than a writer would.
                try connection.execute("SET LOCAL lock_timeout = \(max(1, Int((lockTimeout * 1000).rounded())))")
                let applied = try PostgresMigrator.inspect(connection, address: address)
                guard !applied.isEmpty else { throw PostgresTableExportError.noFleet(address: address.description) }
                // Applied in order, each once: the registered prefix they form.
                let ordered = PostgresSchema.names.filter(applied.contains)
                guard ordered == Array(PostgresSchema.names.prefix(ordered.count)) else {
                    throw PostgresTableExportError.gap(address: address.description, missing: PostgresSchema.names.prefix(ordered.count).filter { !applied.contains($0) })
                }
                let export = PostgresTableExport(connection: connection, address: address, migrations: ordered)
                let result = try body(export)
                try connection.execute("COMMIT")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw PostgresErrors.storeError(error, address: address.description, lockTimeout: lockTimeout)
            }
        }
    }

    /// The tables a copy reads: every failover table but the migrations record (`migrations` says that).
    package static var tables: [String] { PostgresImport.tables }

    /// `table`'s columns, in the table's order, and `body` called with them and no rows, then with its
    /// rows a batch at a time, in id order where the table has ids (the ledger's order). A table the
    /// database's schema does not have yet is skipped: the copy's own migrations make it.
    package func read(_ table: String, batch: Int = PostgresTableExport.batch, _ body: (_ columns: [String], _ rows: [[StoreCell]]) throws -> Void) throws {
        guard Self.tables.contains(table) else { throw PostgresStoreError.database("\(Echo.quote(table)) is not a failover table") }
        let columns = try connection.query("""
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """).rows.map { try Cells($0)[0, as: String.self] }
        guard !columns.isEmpty else { return }
        // The columns alone first, so a target that lacks one says so even when the table is empty.
        try body(columns, [])
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let order = columns.contains("id") ? " ORDER BY id" : ""
        try connection.execute("DECLARE failover_export NO SCROLL CURSOR FOR SELECT \(list) FROM \(table)\(order)")
        while true {
            let rows = try connection.execute("FETCH FORWARD \(max(1, batch)) FROM failover_export").rows.map { row in
                try row.enumerated().map { index, cell in try Self.cell(cell, column: "\(table).\(columns[index])", address: address) }
            }
            if !rows.isEmpty { try body(columns, rows) }
            if rows.count < max(1, batch) { break }
        }
        try connection.execute("CLOSE failover_export")
    }

    /// A value as the SQLite store holds the same column: integers (booleans as 0 and 1, moments as Unix
    /// seconds, as every time column of failover's schema is), reals, text and blobs; NULL as NULL.
    /// Failover's tables hold only BIGINT and TEXT; a type it never makes is refused by name.
    static func cell(_ cell: PostgresCell, column: String, address: PostgresAddress) throws -> StoreCell {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .text, .varchar, .bpchar, .name: return .text(try cell.decode(String.self))
        case .bytea: return .blob([UInt8](try cell.decode(ByteBuffer.self).readableBytesView))
        case .timestamptz, .timestamp: return .integer(Int64((try cell.decode(Date.self).timeIntervalSince1970).rounded(.down)))
        default:
            throw PostgresStoreError.unreadableRow(address: address.description, reason: "\(column) holds a value of type \(cell.dataType)")
        }
    }
}

package enum PostgresTableExportError: Error, Sendable, CustomStringConvertible, OperatorError {
    /// No failover verb has run on the database yet.
    case noFleet(address: String)
    /// Migrations recorded out of order: not a state failover leaves.
    case gap(address: String, missing: [String])

    package var disposition: ErrorDisposition { .user }

    package var description: String {
        switch self {
        case .noFleet(let address):
            "database \(address) holds no failover fleet yet (no verb has run on it); point service.database at the fleet's database, or pass --fresh to start from a new fleet"
        case .gap(let address, let missing):
            "database \(address) records later schema migrations without \(missing.joined(separator: ", ")), which failover never leaves (its migrations were changed by hand); restore it from a backup"
        }
    }
}
