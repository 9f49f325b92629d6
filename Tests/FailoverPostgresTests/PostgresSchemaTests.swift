import FailoverCore
@testable import FailoverPostgres
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
                            "v6-env-offer", "v7-pause-reason", "v8-standing-history", "v9-events-by-kind",
                            "v10-outcome-details", "v11-flap-damping"].sorted())
    }

    /// A database left at v9 by the previous failover: v10 and v11 add their columns, older rows read
    /// with no details, no flaps and no Retry-After, and an instance whose newest tier-1 return is a
    /// recovery gets its moment back from the ledger (as SQLite's v11 does).
    @Test func aDatabaseFromBeforeTheFlapAndOutcomeColumnsIsUpgradedAsSQLitesIs() throws {
        let database = try PostgresDatabase()
        var sql = PostgresDatabase.schemaBefore("v10-outcome-details")
        let step = (t0 - .hours(2)).seconds, back = (t0 - .hours(1)).seconds
        sql += """
            INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak, agent_type) VALUES
                ('coder-1', \(step), 'step_down', 1, 2, 'outcome', 0, 0, 'coder'),
                ('coder-1', \(back), 'recovered', 2, 1, 'outcome', 0, 0, 'coder'),
                ('coder-2', \(step), 'step_down', 1, 2, 'outcome', 0, 0, 'coder');
            INSERT INTO agent_provider_state (agent, tier, paused, updated_at) VALUES ('coder-1', 1, 0, \(back)), ('coder-2', 2, 0, \(step));
            INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens)
                VALUES ('coder-1', 'coder', \(step), 1, 'anthropic', 'm0', 'auth', 1, 2);
            """
        try database.psql(sql)

        let store = try database.open()
        let states = try store.read { try $0.states() }
        #expect(states["coder-1"]?.recoveredAt == t0 - .hours(1))
        #expect(states["coder-2"]?.recoveredAt == nil)
        #expect(states.values.allSatisfy { $0.flapCount == 0 && $0.stepRetryAfter == nil })
        let events = try store.read { try $0.events(.all) }
        #expect(events.count == 3 && events.allSatisfy { $0.flapCount == 0 && $0.retryAfter == nil })
        var outcomes: [UsageEntry] = []
        try store.read { try $0.forEachOutcome(OutcomeQuery()) { outcomes.append($0) } }
        #expect(outcomes.map(\.outcome) == [.failure(.auth)] && outcomes.first?.details == nil)
        let applied = try database.psql("SELECT identifier FROM failover_migrations WHERE identifier LIKE 'v1_-%' ORDER BY identifier")
        #expect(applied.split(separator: "\n") == ["v10-outcome-details", "v11-flap-damping"].sorted())
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
