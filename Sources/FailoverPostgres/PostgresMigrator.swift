import FailoverCore
import PostgresNIO

/// Applies `PostgresSchema`'s migrations, each recorded in `failover_migrations` in the transaction
/// that applies it, after refusing a database that is another program's or a newer failover's.
enum PostgresMigrator {
    /// The tables in the connection's schema (normally `public`).
    static func tables(_ connection: BlockingConnection) throws -> Set<String> {
        Set(try connection.execute("""
            SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
            """).rows.map { try Cells($0)[0, as: String.self] })
    }

    static func applied(_ connection: BlockingConnection) throws -> Set<String> {
        Set(try connection.execute("SELECT identifier FROM \(PostgresSchema.migrationsTable)").rows.map { try Cells($0)[0, as: String.self] })
    }

    /// Refuses what is not ours, most specific reason first; returns the migrations applied so far.
    static func inspect(_ connection: BlockingConnection, address: PostgresAddress) throws -> Set<String> {
        let found = try tables(connection)
        guard found.contains(PostgresSchema.migrationsTable) else {
            guard found.isEmpty else {
                let names = found.sorted()
                let listed = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
                throw PostgresStoreError.foreignDatabase(address: address.description, reason: "it holds tables but no record of failover's migrations: \(listed)")
            }
            return []
        }
        let applied = try applied(connection)
        let unknown = applied.subtracting(PostgresSchema.names)
        guard unknown.isEmpty else { throw PostgresStoreError.newerSchema(address: address.description, unknownMigrations: unknown.sorted()) }
        let foreign = found.subtracting(PostgresSchema.tables)
        guard foreign.isEmpty else {
            throw PostgresStoreError.foreignDatabase(address: address.description, reason: "it holds tables failover does not make: \(foreign.sorted().prefix(5).joined(separator: ", "))")
        }
        return applied
    }

    static func isCurrent(_ connection: BlockingConnection, address: PostgresAddress) throws -> Bool {
        try inspect(connection, address: address) == Set(PostgresSchema.names)
    }

    /// Inside the caller's transaction, under the write lock: two hosts opening a new database at once
    /// migrate it once.
    static func migrate(_ connection: BlockingConnection, address: PostgresAddress) throws {
        let applied = try inspect(connection, address: address)
        if applied.isEmpty {
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS \(PostgresSchema.migrationsTable) (
                    identifier TEXT PRIMARY KEY NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
        }
        for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
            for statement in migration.statements { try connection.execute(statement) }
            try connection.query("INSERT INTO failover_migrations (identifier) VALUES (\(migration.name))")
        }
    }
}
