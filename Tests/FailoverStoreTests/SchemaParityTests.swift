@testable import FailoverPostgres
@testable import FailoverStore
import GRDB
import Testing

/// The two stores' schemas move together: `migrate-store` copies column for column, so a migration
/// added to one store (Schema.swift) is ported to the other under the same name, in the same order.
@Suite struct SchemaParityTests {
    @Test func postgreSQLHasSQLitesMigrationsByNameAndOrder() {
        #expect(PostgresSchema.names == Schema.migrator.migrations)
    }
}
