import ConfigLoader
import FailoverCore
import FailoverPostgres
import FailoverStore
import Foundation

/// `failover migrate-store`: the SQLite database, as one consistent snapshot, copied table for table
/// (ids, rollups and counters as they are) into an empty PostgreSQL database, in one transaction.
package enum StoreMigration {
    package struct Report: Sendable {
        package var target: String
        package var rowsByTable: [String: Int]
    }

    package static func copy(from config: LoadedConfig, to address: PostgresAddress, password: String?) throws -> Report {
        if let source = try StoreFactory.postgresAddress(config) {
            throw StoreMigrationError.sourceNotSQLite(source.description)
        }
        guard FileManager.default.fileExists(atPath: config.databasePath) else { throw StoreMigrationError.noSource(config.databasePath) }
        let source = try SQLiteStore(path: config.databasePath, lockTimeout: TimeInterval(config.config.service.lockTimeout.seconds))
        let target = try PostgresStore(address: address, password: password, lockTimeout: TimeInterval(config.config.service.lockTimeout.seconds))
        let rows = try target.importing { importer in
            try SQLiteTableExport.read(source, tables: PostgresImport.tables) { table, columns, rows in
                try importer.insert(table, columns: columns, rows: rows)
            }
        }
        return Report(target: address.description, rowsByTable: rows)
    }
}

package enum StoreMigrationError: Error, OperatorError, CustomStringConvertible {
    case sourceNotSQLite(String)
    case noSource(String)

    package var disposition: ErrorDisposition { .user }

    package var description: String {
        switch self {
        case .sourceNotSQLite(let url):
            "service.database is already the PostgreSQL database \(url); migrate-store copies the SQLite file service.database names: run it with the config as it was before the move"
        case .noSource(let path):
            "there is no SQLite database at \(path) (service.database) to copy"
        }
    }
}
