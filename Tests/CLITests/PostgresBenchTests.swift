import Foundation
import Testing
import TestSupport

/// `failover bench --store postgres://...` (specs/performance.md, "PostgreSQL"): the harness runs end to
/// end against a database on the test process's real server, and a database that is not empty is
/// refused before anything is built or written. Numbers are not asserted.
@Suite struct PostgresBenchTests {
    static let variable = "FAILOVER_TEST_PG_PASSWORD"
    static var environment: [String: String] { [variable: PostgresCluster.password] }

    @Test func theQuickBenchTimesThePostgreSQLStore() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        defer { cluster.dropDatabase(database) }
        let scratch = try ScratchDirectory()
        // Over TCP, where the server asks for the password: it comes from the variable, never argv.
        let result = try CLI.run(["bench", "--quick", "--store", cluster.tcpURL(database), "--store-password-env", Self.variable,
                                  "--keep", scratch.path("fleet"), "--tmpfs", scratch.path("fast")], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = [
            "copy the history into PostgreSQL (`failover migrate-store`, whole process)",
            "cycle, 60 agents (whole `failover cycle` process)", "cycle, 60 agents (in process", "budget window sum",
            "record, batches of 1, env files on disk", "record, batches of 1,000, env files on disk", "record, batches of 100,000, env files on tmpfs",
            "render's snapshot read", "full render into disk", "render with nothing new, into tmpfs",
            "render after the UTC hour turns, nothing new, into tmpfs", "new events on 50 agents", "new events on every agent",
        ]
        for measurement in expected {
            #expect(result.stdout.contains(measurement), "missing: \(measurement)")
        }
        let rows = result.stdout.split(separator: "\n").dropFirst()
        let store = try #require(rows.first { $0.hasPrefix("store ") })
        #expect(store.contains("PostgreSQL: postgres://failover@127.0.0.1:\(cluster.port)/\(database)"), "\(store)")
        for row in rows where row != store {
            #expect(row.contains(" ms") || row.contains(" s") || row.contains("/s") || row.contains("B") || row.contains("x"), "\(row)")
        }
        // SQLite's file size says nothing of PostgreSQL; the wider fleet would need a second database.
        #expect(!result.stdout.contains("database size"))
        #expect(!result.stdout.contains("200 agents,"))
        #expect(!(result.stdout + result.stderr).contains(PostgresCluster.password))
        // What was timed is in PostgreSQL: the copied history, and what record and render added to it.
        let events = try cluster.psql("SELECT count(*) FROM agent_provider_events", database: database)
        #expect((Int(events.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 3000, "\(events)")
        let usage = try cluster.psql("SELECT count(*) FROM task_usage", database: database)
        #expect((Int(usage.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 20_000, "\(usage)")
    }

    /// A database already holding a fleet: exit 1 with the fix, and every row as it was.
    @Test func aDatabaseHoldingAFleetIsRefusedAndLeftAsItWas() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        defer { cluster.dropDatabase(database) }
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", CLIFleets.twoCoders + "\nservice:\n  database: \"\(cluster.socketURL(database))\"\n")
        let line = #"{"agent":"coder-1","at":"2026-11-24T09:00:01Z","outcome":"error","status":429,"error_type":"rate_limit_error","message":"slow"}"#
        let record = try CLI.run(["record", "--config", config, "--now", "2026-11-24T09:01:00Z"], stdin: line, environment: CLIFleets.keys)
        #expect(record.status == 0, "\(record.stderr)")
        let census = """
            SELECT (SELECT count(*) FROM agent_provider_state) || ' ' || (SELECT count(*) FROM agent_provider_events) || ' ' ||
                   (SELECT count(*) FROM task_usage) || ' ' || (SELECT COALESCE(max(id), 0) FROM agent_provider_events)
            """
        let before = try cluster.psql(census, database: database)
        #expect(before.split(separator: " ").dropFirst().first != "0", "the fleet has events: \(before)")

        let bench = try CLI.run(["bench", "--quick", "--store", cluster.socketURL(database), "--keep", scratch.path("fleet"), "--tmpfs", ""])
        #expect(bench.status == 1, "\(bench.stdout)\n\(bench.stderr)")
        #expect(bench.stderr.contains("already holds failover data"), "\(bench.stderr)")
        #expect(bench.stderr.contains("createdb"), "the fix: \(bench.stderr)")
        #expect(try cluster.psql(census, database: database) == before)
        // Refused before a history was built for it.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("fleet/failover.yaml")))
    }

    /// Another program's database is not a failover one: refused, and no failover table is made in it.
    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        defer { cluster.dropDatabase(database) }
        try cluster.psql("CREATE TABLE invoices (id integer); INSERT INTO invoices VALUES (1)", database: database)
        let bench = try CLI.run(["bench", "--quick", "--store", cluster.socketURL(database), "--tmpfs", ""])
        #expect(bench.status == 1, "\(bench.stderr)")
        #expect(bench.stderr.contains("is not a failover database") && bench.stderr.contains("createdb"), "\(bench.stderr)")
        let tables = try cluster.psql("SELECT string_agg(table_name::text, ',') FROM information_schema.tables WHERE table_schema = 'public'", database: database)
        #expect(tables.trimmingCharacters(in: .whitespacesAndNewlines) == "invoices")
    }

    /// The password comes from the environment only: a variable that is not set is a user error, and
    /// a variable without a database to go with it is one too.
    @Test func thePasswordVariableMustBeSetAndGoWithAStore() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        defer { cluster.dropDatabase(database) }
        let unset = try CLI.run(["bench", "--quick", "--store", cluster.tcpURL(database), "--store-password-env", "FAILOVER_BENCH_UNSET_PASSWORD", "--tmpfs", ""],
                                input: nil, unsetting: ["FAILOVER_BENCH_UNSET_PASSWORD"])
        #expect(unset.status == 1, "\(unset.stderr)")
        #expect(unset.stderr.contains("FAILOVER_BENCH_UNSET_PASSWORD") && unset.stderr.contains("not set"), "\(unset.stderr)")
        let alone = try CLI.run(["bench", "--quick", "--store-password-env", Self.variable, "--tmpfs", ""], environment: Self.environment)
        #expect(alone.status == 1 && alone.stderr.contains("--store"), "\(alone.stderr)")
        let inURL = try CLI.run(["bench", "--quick", "--store", "postgres://failover:hunter2@127.0.0.1:\(cluster.port)/\(database)", "--tmpfs", ""])
        #expect(inURL.status == 1 && inURL.stderr.contains("holds a password"), "\(inURL.stderr)")
        #expect(!inURL.stderr.contains("hunter2"))
    }
}
