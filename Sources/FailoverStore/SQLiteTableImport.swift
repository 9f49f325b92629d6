import FailoverCore
import Foundation
import GRDB

/// An in-memory store filled with another store's rows as they are (ids, rollups, counters, env
/// signals, outcome details), for `failover simulate` on a PostgreSQL fleet: the mirror of
/// `SQLiteTableExport`. The copy is made at the schema the source has, with every trigger off while the
/// rows go in (the ledger's insert triggers keep the per-day, per-kind and standing counters, and
/// those are copied too: counting each event again would double them), then brought up to date in
/// memory, as `memoryCopy` brings an older file up to date.
package final class SQLiteTableImport {
    let db: Database
    private let name: String
    private var columnsByTable: [String: Set<String>] = [:]
    package private(set) var rowsByTable: [String: Int] = [:]

    private init(db: Database, name: String) {
        self.db = db
        self.name = name
    }

    /// Inserts rows of `table`, each holding `columns` in order. A table or column the source has and
    /// this schema lacks is refused by name: the source was written by a failover this one does not know.
    package func insert(_ table: String, columns: [String], rows: [[StoreCell]]) throws {
        if columnsByTable[table] == nil {
            let known = try String.fetchSet(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
            guard !known.isEmpty, !table.hasPrefix("sqlite_"), table != "grdb_migrations" else {
                throw StoreError.database("\(name) has a table \(Echo.quote(table)) this failover's SQLite schema does not; upgrade failover")
            }
            columnsByTable[table] = known
        }
        let missing = columns.filter { !(columnsByTable[table]?.contains($0) ?? false) }
        guard missing.isEmpty else {
            throw StoreError.database("\(name)'s \(table) has columns this failover's SQLite schema does not: \(missing.joined(separator: ", ")); upgrade failover")
        }
        guard !rows.isEmpty else { return }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "INSERT INTO \"\(table)\" (\(list)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        for row in rows {
            guard row.count == columns.count else { throw StoreError.database("a row of \(table) from \(name) has \(row.count) values for \(columns.count) columns") }
            try statement.execute(arguments: StatementArguments(row.map(Self.value)))
        }
        rowsByTable[table, default: 0] += rows.count
    }

    static func value(_ cell: StoreCell) -> DatabaseValue {
        switch cell {
        case .null: .null
        case .integer(let integer): integer.databaseValue
        case .real(let real): real.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    }

    /// A store in memory holding what `fill` inserts, named `name` in messages. `migrations` are the
    /// ones the source has applied, in order: a prefix of this failover's, or the source is refused as
    /// newer. Nothing of it reaches a file.
    package static func memoryStore(of name: String, migrations: [String], lockTimeout: TimeInterval = SQLiteStore.defaultLockTimeout,
                                    _ fill: (SQLiteTableImport) throws -> Void) throws -> SQLiteStore {
        let known = Schema.migrator.migrations
        let unknown = migrations.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw StoreError.newerSchema(path: name, unknownMigrations: unknown) }
        guard migrations == Array(known.prefix(migrations.count)) else {
            throw StoreError.database("\(name) records the schema migrations \(migrations.joined(separator: ", ")), not in the order failover applies them")
        }
        do {
            let memory = try DatabaseQueue(configuration: SQLiteStore.configuration(lockTimeout: lockTimeout))
            if let last = migrations.last { try Schema.migrator.migrate(memory, upTo: last) }
            try memory.inTransaction { db in
                let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
                for trigger in triggers { try db.execute(sql: "DROP TRIGGER \"\(trigger["name"] as String)\"") }
                try fill(SQLiteTableImport(db: db, name: name))
                for trigger in triggers { try db.execute(sql: trigger["sql"] as String) }
                return .commit
            }
            try Schema.migrator.migrate(memory)
            return SQLiteStore(path: "\(name) (an in-memory copy)", queue: memory, lockTimeout: lockTimeout)
        } catch let error as DatabaseError {
            throw SQLiteStore.storeError(error, path: name, lockTimeout: lockTimeout, during: .read)
        }
    }
}
