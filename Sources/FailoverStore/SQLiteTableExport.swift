import FailoverCore
import GRDB

/// A SQLite database's tables read row by row as they are stored, for `failover migrate-store`.
/// Read in one snapshot, so the copy is consistent even while a dispatcher writes.
package enum SQLiteTableExport {
    /// Every table's columns, in table order, and `body` called with its rows a batch at a time, in
    /// rowid order (the ledger's order).
    package static func read(_ store: SQLiteStore, tables: [String], batch: Int = 500,
                             _ body: (_ table: String, _ columns: [String], _ rows: [[StoreCell]]) throws -> Void) throws {
        try store.translatingErrors(during: .read) {
            try store.queue.read { db in
                for table in tables {
                    let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { $0[0] as String }
                    guard !columns.isEmpty else { continue }
                    let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    let order = try db.tableExists(table) && (try? Row.fetchOne(db, sql: "SELECT rowid FROM \"\(table)\" LIMIT 1")) != nil ? " ORDER BY rowid" : ""
                    let cursor = try Row.fetchCursor(db, sql: "SELECT \(list) FROM \"\(table)\"\(order)")
                    var rows: [[StoreCell]] = []
                    try body(table, columns, [])
                    while let row = try cursor.next() {
                        rows.append((0..<columns.count).map { cell(row[$0] as DatabaseValue) })
                        if rows.count == batch {
                            try body(table, columns, rows)
                            rows.removeAll(keepingCapacity: true)
                        }
                    }
                    if !rows.isEmpty { try body(table, columns, rows) }
                }
            }
        }
    }

    static func cell(_ value: DatabaseValue) -> StoreCell {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob([UInt8](data))
        }
    }
}
