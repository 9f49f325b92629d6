import ConfigLoader
import FailoverCore
import FailoverPostgres
import FailoverStore
import Foundation

extension StoreFactory {
    /// The fleet's database copied into memory as it is now, for `failover simulate`: a SQLite file
    /// through SQLite's backup API (`SQLiteStore.memoryCopy`); a PostgreSQL database read in one
    /// REPEATABLE READ, READ ONLY snapshot, table for table, into an in-memory SQLite store. Either way
    /// no lock is taken and nothing reaches the source, not even a migration: an older schema is
    /// brought up to date in the copy.
    package static func memoryCopy(_ config: LoadedConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SQLiteStore {
        let lockTimeout = TimeInterval(config.config.service.lockTimeout.seconds)
        guard let address = try postgresAddress(config) else {
            return try SQLiteStore.memoryCopy(of: config.databasePath, lockTimeout: lockTimeout)
        }
        return try memoryCopy(of: address, password: try password(config.config.service, address: address, environment: environment), lockTimeout: lockTimeout)
    }

    /// The PostgreSQL database at `address`, every failover table copied from one snapshot into a SQLite
    /// store in memory (`PostgresTableExport` into `SQLiteTableImport`).
    package static func memoryCopy(of address: PostgresAddress, password: String?, lockTimeout: TimeInterval) throws -> SQLiteStore {
        try PostgresTableExport.reading(address, password: password, lockTimeout: lockTimeout) { export in
            try SQLiteTableImport.memoryStore(of: address.description, migrations: export.migrations, lockTimeout: lockTimeout) { importer in
                for table in PostgresTableExport.tables {
                    try export.read(table) { columns, rows in try importer.insert(table, columns: columns, rows: rows) }
                }
            }
        }
    }
}
