import FailoverCore
import Foundation
import PostgresNIO

/// `failover migrate-store`'s writing half: rows copied into an empty failover database as they are,
/// ids included, in one transaction under the write lock. The triggers that keep rollups and counters
/// are off while it runs, since the rollups and counters are copied too (a database upgraded from an
/// older failover has history those triggers would not rebuild the same); the append-only guard is
/// not needed to insert. Anything failing rolls the whole copy back.
package final class PostgresImport {
    let connection: BlockingConnection
    let address: PostgresAddress
    private var columnsByTable: [String: Set<String>] = [:]
    package private(set) var rowsByTable: [String: Int] = [:]

    init(connection: BlockingConnection, address: PostgresAddress) {
        self.connection = connection
        self.address = address
    }

    /// The tables a copy fills: every failover table but the migrations record.
    package static var tables: [String] {
        PostgresSchema.tables.subtracting([PostgresSchema.migrationsTable]).sorted()
    }

    /// Refuses a target holding any failover row, then switches the triggers off for the copy.
    func begin() throws {
        let filled = try Self.filledTables(connection)
        guard filled.isEmpty else { throw PostgresStoreError.targetNotEmpty(address: address.description, tables: filled) }
        for table in Self.tables { try connection.execute("ALTER TABLE \(table) DISABLE TRIGGER USER") }
        for row in try connection.execute("""
            SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()
            """).rows {
            let cells = Cells(row)
            columnsByTable[try cells[0, as: String.self], default: []].insert(try cells[1, as: String.self])
        }
    }

    /// The failover tables holding at least one row.
    static func filledTables(_ connection: BlockingConnection) throws -> [String] {
        try tables.filter { try !connection.execute("SELECT 1 FROM \($0) LIMIT 1").rows.isEmpty }
    }

    /// Inserts rows of `table`, each holding `columns` in order. Columns the source has and this
    /// schema lacks are refused by name: a migration of the other store was not ported here.
    package func insert(_ table: String, columns: [String], rows: [[StoreCell]]) throws {
        guard let known = columnsByTable[table], Self.tables.contains(table) else {
            throw PostgresStoreError.database("the source has a table \(Echo.quote(table)) this PostgreSQL schema does not; upgrade failover")
        }
        let missing = columns.filter { !known.contains($0) }
        guard missing.isEmpty else {
            throw PostgresStoreError.database("the source's \(table) has columns this PostgreSQL schema does not: \(missing.joined(separator: ", ")); upgrade failover")
        }
        guard !rows.isEmpty else { return }
        var binds = PostgresBindings(capacity: rows.count * columns.count)
        var tuples: [String] = []
        for row in rows {
            var placeholders: [String] = []
            for cell in row {
                switch cell {
                case .null: binds.appendNull()
                case .integer(let value): binds.append(value)
                case .real(let value): binds.append(value)
                case .text(let value): binds.append(value)
                case .blob(let value): binds.append(ByteBuffer(bytes: value))
                }
                placeholders.append("$\(binds.count)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(list)) VALUES \(tuples.joined(separator: ", "))", binds: binds))
        rowsByTable[table, default: 0] += rows.count
    }

    /// Triggers back on, and the id sequences past the copied ids, so the next append follows them.
    func finish() throws {
        for table in Self.tables { try connection.execute("ALTER TABLE \(table) ENABLE TRIGGER USER") }
        for table in ["agent_provider_events", "task_usage"] {
            try connection.execute("""
                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)
                """)
        }
    }
}

extension PostgresStore {
    /// The failover tables holding any row, read in one snapshot: what an empty target must not have
    /// (`failover bench --store` checks it before it spends minutes building a history to copy).
    package func filledTables() throws -> [String] {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try PostgresImport.filledTables($0) }
    }

    /// Runs `body` with an importer inside one write transaction: all of it lands, or none.
    package func importing(_ body: (PostgresImport) throws -> Void) throws -> [String: Int] {
        try locked { connection in
            let importer = PostgresImport(connection: connection, address: address)
            try importer.begin()
            try body(importer)
            try importer.finish()
            return importer.rowsByTable
        }
    }
}
