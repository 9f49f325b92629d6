import Foundation
import Testing
import TestSupport

/// `failover simulate` on a PostgreSQL fleet (specs/failover.md, "failover simulate"), through the
/// binary and the test process's real server: it starts from the server's rows as a SQLite fleet's
/// simulation starts from its file, reads one snapshot without the write lock, and writes nothing.
@Suite struct SimulatePostgresCLITests {
    static let variable = "FAILOVER_TEST_PG_PASSWORD"
    static var environment: [String: String] { CLIFleets.keys.merging([variable: PostgresCluster.password]) { _, new in new } }

    /// Past the scene's day: a budget overrun that only counts with the copied usage (the coders used
    /// 110,320 tokens that day; the proposal's threshold is 200,000), a step, and a success.
    static let more = [
        #"{"agent":"coder-1","at":"2026-11-24T14:00:00Z","outcome":"success","input_tokens":50000,"output_tokens":45000}"#,
        #"{"agent":"coder-2","at":"2026-11-24T14:10:00Z","outcome":"error","status":401,"error_type":"authentication_error"}"#,
        #"{"agent":"reviewer-1","at":"2026-11-24T14:20:00Z","outcome":"success","input_tokens":10,"output_tokens":10}"#,
        #"{"agent":"coder-1","at":"2026-11-24T15:00:00Z","outcome":"success","input_tokens":10,"output_tokens":10}"#,
    ].joined(separator: "\n") + "\n"


    /// `config` with its database moved to the PostgreSQL database `url`.
    static func onPostgres(_ config: String, _ url: String) -> String {
        config.replacingOccurrences(of: "service:\n", with: "service:\n  database: \"\(url)\"\n  database_password_env: \(variable)\n  lock_timeout: 1s\n")
    }

    /// The scene's day recorded on SQLite, then the same database moved to PostgreSQL with migrate-store.
    static func fleet() throws -> (scratch: ScratchDirectory, cluster: PostgresCluster, database: String, url: String) {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        let clock = ["--config", scratch.path("failover.yaml"), "--now", OutcomeScene.clock]
        #expect(try CLI.run(["cycle", "--now", "2026-11-24T09:00:00Z", "--config", scratch.path("failover.yaml")], environment: environment).status == 0)
        let record = try CLI.run(["record"] + clock, stdin: OutcomeScene.input, environment: environment)
        #expect(record.status == 0, "\(record.stderr)")
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        let url = cluster.tcpURL(database)
        let migrate = try CLI.run(["migrate-store", "--config", scratch.path("failover.yaml"), "--to", url, "--password-env", variable], environment: environment)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        // coder-1 ended the day on tier 2 (its budget step): the proposal resets it, so the next overrun shows.
        let proposal = SimulateCLITests.proposed + "\ncontrol:\n  coder-1: { reset: r1 }\n"
        try scratch.write("proposed.yaml", proposal)
        try scratch.write("proposed-pg.yaml", onPostgres(proposal, url))
        return (scratch, cluster, database, url)
    }

    static func simulate(_ scratch: ScratchDirectory, _ config: String, _ extra: [String] = [], stdin: String = more) throws -> CLI.Result {
        try CLI.run(["simulate", "--config", scratch.path(config), "--now", OutcomeScene.clock] + extra, stdin: stdin, environment: environment)
    }

    /// Row counts of every table and a digest of each one's rows, as psql sees them: what "nothing was
    /// written" compares.
    static func fingerprint(_ cluster: PostgresCluster, _ database: String) throws -> String {
        let tables = try cluster.psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", database: database)
            .split(separator: "\n").map(String.init)
        #expect(tables.contains("agent_provider_events") && tables.contains("failover_migrations"))
        return try tables.map { table in
            try cluster.psql("SELECT '\(table)', count(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \(table) t", database: database)
        }.joined()
    }

    /// One history, two stores: the same proposal and lines print the same report from either, but
    /// for where it started (the file's path, or the URL, which holds no password).
    @Test func theSameHistoryOnEitherStoreSimulatesTheSame() throws {
        let (scratch, _, _, url) = try Self.fleet()
        let fromFile = try Self.simulate(scratch, "proposed.yaml", ["--json"])
        let fromServer = try Self.simulate(scratch, "proposed-pg.yaml", ["--json"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromServer.status == 0, "\(fromServer.stderr)")
        var file = try #require(try OutcomeScene.json(fromFile.stdout) as? [String: Any], "\(fromFile.stdout)")
        var server = try #require(try OutcomeScene.json(fromServer.stdout) as? [String: Any], "\(fromServer.stdout)")
        #expect(file["start"] as? String == scratch.path("var/failover.sqlite"))
        #expect(server["start"] as? String == url && !url.contains(PostgresCluster.password))
        file["start"] = nil
        server["start"] = nil
        #expect(NSDictionary(dictionary: server) == NSDictionary(dictionary: file))
        // The copy carried the history: coder-2 starts where the day left it, and the copied usage
        // makes coder-1's next success a budget step under the proposal.
        let agents = Dictionary(uniqueKeysWithValues: (server["agents"] as? [[String: Any]] ?? []).map { ($0["agent"] as? String ?? "", $0) })
        #expect(agents["coder-2"]?["start_tier"] as? Int == 3, "\(agents)")
        #expect(agents["coder-1"]?["start_tier"] as? Int == 2, "\(agents)")
        #expect(agents["coder-1"]?["budget_steps"] as? Int == 1, "\(agents)")
        let fresh = try Self.simulate(scratch, "proposed-pg.yaml", ["--json", "--fresh"])
        let freshAgents = (try OutcomeScene.json(fresh.stdout) as? [String: Any])?["agents"] as? [[String: Any]] ?? []
        #expect(freshAgents.first { $0["agent"] as? String == "coder-1" }?["budget_steps"] as? Int == 0, "without the copied usage, no budget step")
        #expect(server["outcomes"] as? Int == 4)

        let text = try Self.simulate(scratch, "proposed-pg.yaml")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("starting from a copy of \(url); nothing was written"), "\(text.stdout)")
        let fileText = try Self.simulate(scratch, "proposed.yaml")
        #expect(text.stdout.replacingOccurrences(of: url, with: "X") == fileText.stdout.replacingOccurrences(of: scratch.path("var/failover.sqlite"), with: "X"))
        for output in [fromServer, text] { #expect(!output.stdout.contains(PostgresCluster.password) && !output.stderr.contains(PostgresCluster.password)) }
    }

    /// Nothing reaches the server, and another connection holding the write lock past `lock_timeout`
    /// (which makes `record` exit 75) does not stop or delay the simulation.
    @Test func nothingIsWrittenAndAHeldWriteLockDoesNotStopIt() throws {
        let (scratch, cluster, database, _) = try Self.fleet()
        let before = try Self.fingerprint(cluster, database)
        let first = try Self.simulate(scratch, "proposed-pg.yaml", ["--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.fingerprint(cluster, database) == before)

        let holder = try cluster.holdWriteLock(in: database, seconds: 60)
        defer { holder.release() }
        let record = try CLI.run(["record", "--config", scratch.path("proposed-pg.yaml"), "--now", OutcomeScene.clock], stdin: Self.more, environment: Self.environment)
        #expect(record.status == 75, "the lock is held: \(record.stderr)")
        let started = Date()
        let beside = try Self.simulate(scratch, "proposed-pg.yaml", ["--json"])
        #expect(beside.status == 0, "\(beside.stderr)")
        #expect(Date().timeIntervalSince(started) < 20, "it did not wait for the lock")
        #expect(beside.stdout == first.stdout)
        #expect(try Self.fingerprint(cluster, database) == before)
    }

    /// A database a newer failover migrated, and one no verb has run on, are exit 1 saying what to do;
    /// neither is written.
    @Test func aNewerOrEmptyDatabaseIsExit1WithTheFix() throws {
        let (scratch, cluster, database, _) = try Self.fleet()
        try cluster.psql("INSERT INTO failover_migrations (identifier) VALUES ('v99-from-the-future')", database: database)
        let before = try Self.fingerprint(cluster, database)
        let newer = try Self.simulate(scratch, "proposed-pg.yaml")
        #expect(newer.status == 1)
        #expect(newer.stderr.contains("newer failover") && newer.stderr.contains("v99-from-the-future") && newer.stderr.contains("upgrade failover"), "\(newer.stderr)")
        #expect(try Self.fingerprint(cluster, database) == before)

        let empty = try cluster.createDatabase()
        try scratch.write("empty.yaml", Self.onPostgres(SimulateCLITests.proposed, cluster.tcpURL(empty)))
        let none = try Self.simulate(scratch, "empty.yaml")
        #expect(none.status == 1)
        #expect(none.stderr.contains("holds no failover fleet") && none.stderr.contains("--fresh"), "\(none.stderr)")
        #expect(try cluster.psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", database: empty).hasPrefix("0"), "nothing was created")
        let fresh = try Self.simulate(scratch, "empty.yaml", ["--fresh", "--json"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
    }
}
