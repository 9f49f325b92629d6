import FailoverCore
import FailoverPostgres
import Foundation
import Testing
import TestSupport

/// What the PostgreSQL schema guarantees whoever connects: the ledger is append-only, and a database
/// that is not failover's, or a newer failover's, is refused before anything is written.
@Suite struct PostgresSchemaTests {
    @Test func theServerRefusesToChangeOrRemoveLedgerEvents() throws {
        let database = try PostgresDatabase()
        let store = try database.open()
        try store.write { transaction in
            try transaction.save(AgentState(agent: "a"), at: t0)
            try transaction.append(LedgerEvent(agent: "a", at: t0, kind: .created, fromTier: 1, toTier: 1, source: .config))
        }
        // As the superuser, past failover's code: the triggers still refuse.
        for sql in ["UPDATE agent_provider_events SET detail = 'rewritten'", "DELETE FROM agent_provider_events", "TRUNCATE agent_provider_events"] {
            #expect(throws: (any Error).self, "\(sql)") { try database.psql(sql) }
            do { try database.psql(sql) } catch { #expect("\(error)".contains("append-only"), "\(error)") }
        }
        #expect(try database.psql("SELECT count(*) FROM agent_provider_events WHERE detail = ''").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func everyMigrationIsAppliedOnceAndRecorded() throws {
        let database = try PostgresDatabase()
        _ = try database.open()
        _ = try database.open()
        let applied = try database.psql("SELECT identifier FROM failover_migrations ORDER BY identifier").split(separator: "\n").map(String.init)
        #expect(applied == ["v1-state-ledger-usage", "v2-render-indexes", "v3-covering-agent-usage", "v4-agent-usage-by-hour", "v5-env-told",
                            "v6-env-offer", "v7-pause-reason", "v8-standing-history", "v9-events-by-kind"])
    }

    @Test func aDatabaseANewerFailoverMigratedIsRefused() throws {
        let database = try PostgresDatabase()
        _ = try database.open()
        try database.psql("INSERT INTO failover_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect {
            _ = try database.open()
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .newerSchema(_, let unknown) = error else { return false }
            return unknown == ["v99-from-the-future"] && error.disposition == .user
        }
    }

    @Test func anotherProgramsDatabaseIsLeftUntouched() throws {
        let database = try PostgresDatabase()
        try database.psql("CREATE TABLE invoices (id integer)")
        #expect {
            _ = try database.open()
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .foreignDatabase = error else { return false }
            return error.description.contains("invoices")
        }
        #expect(try database.psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func aServerThatIsNotThereIsAUserError() throws {
        let address = try PostgresAddress.parse("postgres://nobody@127.0.0.1:1/none?sslmode=disable").get()
        #expect {
            _ = try PostgresStore(address: address, password: nil)
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .cannotConnect = error else { return false }
            return error.disposition == .user
        }
    }

    @Test func theLoginOverTCPUsesThePasswordGiven() throws {
        let database = try PostgresDatabase()
        let address = try PostgresAddress.parse(database.cluster.tcpURL(database.name)).get()
        let store = try PostgresStore(address: address, password: PostgresCluster.password)
        #expect(try store.read { try $0.eventCount() } == 0)
        #expect {
            _ = try PostgresStore(address: address, password: "wrong")
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .cannotConnect = error else { return false }
            return !error.description.contains("wrong")
        }
    }
}
