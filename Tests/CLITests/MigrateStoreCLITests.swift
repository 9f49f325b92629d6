import Foundation
import Testing
import TestSupport

/// `failover migrate-store --to postgres://...`: a SQLite fleet's history copied into an empty
/// PostgreSQL database, through the real binary; `verify` passes on the copy and every verb reads
/// the same fleet from it.
@Suite struct MigrateStoreCLITests {
    static let variable = "FAILOVER_TEST_PG_PASSWORD"

    @Test func theCopyVerifiesAndReadsAsTheOriginalAndASecondCopyIsRefused() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        let scratch = try ScratchDirectory()
        let sqliteConfig = CLIFleets.twoCoders + "\ncontrol: {}\n"
        let config = try scratch.write("failover.yaml", sqliteConfig)
        let environment = CLIFleets.keys.merging([Self.variable: PostgresCluster.password]) { _, new in new }
        #expect(try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T08:00:00Z"], environment: environment).status == 0)
        let auth = #""outcome":"error","status":401,"error_type":"authentication_error","message":"bad key""#
        let lines = [
            #"{"agent":"coder-1","at":"2026-11-24T09:00:01Z",\#(auth)}"#,
            #"{"agent":"coder-2","at":"2026-11-24T09:00:02Z","outcome":"success","input_tokens":1200,"output_tokens":300}"#,
        ].joined(separator: "\n")
        let record = try CLI.run(["record", "--config", config, "--now", "2026-11-24T09:01:00Z"], stdin: lines, environment: environment)
        #expect(record.status == 0, "\(record.stderr)")
        let before = try CLI.run(["status", "--json", "--config", config, "--now", "2026-11-24T10:00:00Z"], environment: environment).stdout
        let metricsBefore = try CLI.run(["metrics", "--config", config, "--now", "2026-11-24T10:00:00Z"], environment: environment).stdout

        let url = cluster.tcpURL(database)
        let migrate = try CLI.run(["migrate-store", "--config", config, "--to", url, "--password-env", Self.variable], environment: environment)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("agent_provider_events"), "\(migrate.stdout)")
        #expect(!migrate.stdout.contains(PostgresCluster.password) && !migrate.stderr.contains(PostgresCluster.password))

        try (sqliteConfig + "service:\n  database: \"\(url)\"\n  database_password_env: \(Self.variable)\n").write(toFile: config, atomically: true, encoding: .utf8)
        let verify = try CLI.run(["verify", "--config", config], environment: environment)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("the ledger reproduces the state table"))
        let after = try CLI.run(["status", "--json", "--config", config, "--now", "2026-11-24T10:00:00Z"], environment: environment).stdout
        #expect(after == before, "status reads the same fleet from the copy")
        let metricsAfter = try CLI.run(["metrics", "--config", config, "--now", "2026-11-24T10:00:00Z"], environment: environment).stdout
        #expect(metricsAfter == metricsBefore, "usage, rollups and counters came across as they were")
        // The next append follows the copied ids.
        let more = try CLI.run(["record", "--config", config, "--now", "2026-11-24T10:01:00Z"],
                               stdin: #"{"agent":"coder-2","at":"2026-11-24T10:00:30Z",\#(auth)}"#, environment: environment)
        #expect(more.status == 0, "\(more.stderr)")
        #expect(try CLI.run(["verify", "--config", config], environment: environment).status == 0)

        try sqliteConfig.write(toFile: config, atomically: true, encoding: .utf8)
        let again = try CLI.run(["migrate-store", "--config", config, "--to", url, "--password-env", Self.variable], environment: environment)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds failover data"), "\(again.stderr)")
    }

    /// What v10 and v11 added comes across too: flap counts, the recovery moment, the Retry-After of a
    /// step, and each outcome's details. `verify` replays the copied ledger into the copied states, and
    /// `events`, `status` and `outcomes` give the same output from either store.
    @Test func flapsRetryAfterAndOutcomeDetailsComeAcross() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", FlapDampingCLITests.config)
        let environment = CLIFleets.keys.merging([Self.variable: PostgresCluster.password]) { _, new in new }
        let lines = [
            FlapDampingCLITests.line("coder-1", "2026-11-24T08:00:00Z", failing: true),
            FlapDampingCLITests.line("coder-1", "2026-11-24T08:15:00Z", failing: false),
            FlapDampingCLITests.line("coder-1", "2026-11-24T08:16:00Z", failing: true),
            FlapDampingCLITests.line("coder-1", "2026-11-24T08:46:00Z", failing: false),
            FlapDampingCLITests.line("coder-1", "2026-11-24T08:47:00Z", failing: true),
            FlapDampingCLITests.line("coder-1", "2026-11-24T09:47:00Z", failing: false),
            #"{"agent":"coder-2","at":"2026-11-24T09:00:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","message":"slow down","retry_after":7200,"tier":1}"#,
            #"{"agent":"coder-2","at":"2026-11-24T09:30:00Z","outcome":"success","input_tokens":1200,"output_tokens":300,"tier":2}"#,
        ]
        let clock = ["--config", config, "--now", "2026-11-24T10:00:00Z"]
        let record = try CLI.run(["record"] + clock, stdin: lines.joined(separator: "\n") + "\n", environment: environment)
        #expect(record.status == 0, "\(record.stderr)")
        func outputs() throws -> [String] {
            try [["events", "--json", "--limit", "1000"], ["status", "--json"], ["outcomes"]].map { verb in
                let result = try CLI.run(verb + clock, environment: environment)
                #expect(result.status == 0, "\(verb[0]): \(result.stderr)")
                return result.stdout
            }
        }
        let before = try outputs()
        // The fleet holds what the new columns keep, so the copy is tested on them.
        let events = try #require(try JSONSerialization.jsonObject(with: Data(before[0].utf8)) as? [[String: Any]])
        #expect(events.contains { $0["flap_count"] as? Int == 2 }, "\(before[0])")
        #expect(events.contains { $0["retry_after"] as? Int == 7200 }, "\(before[0])")
        #expect(before[2].contains("slow down") && before[2].contains("7200"), "\(before[2])")

        let url = cluster.tcpURL(database)
        let migrate = try CLI.run(["migrate-store", "--config", config, "--to", url, "--password-env", Self.variable], environment: environment)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        let onPostgres = FlapDampingCLITests.config.replacingOccurrences(
            of: "  usage_window: 24h\n", with: "  usage_window: 24h\n  database: \"\(url)\"\n  database_password_env: \(Self.variable)\n")
        #expect(onPostgres != FlapDampingCLITests.config)
        try onPostgres.write(toFile: config, atomically: true, encoding: .utf8)
        let verify = try CLI.run(["verify", "--config", config], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let after = try outputs()
        #expect(after[0] == before[0], "events")
        #expect(after[1] == before[1], "status")
        #expect(after[2] == before[2], "outcomes")
    }
}
