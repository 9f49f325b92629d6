import Foundation
import Testing
import TestSupport

/// Every verb on the PostgreSQL store, through the real binary and the test process's real server
/// (TestSupport's PostgresCluster), logging in over loopback TCP with the password from the variable
/// `service.database_password_env` names. The password is never printed.
@Suite struct PostgresCLITests {
    static let auth = #""outcome":"error","status":401,"error_type":"authentication_error","message":"bad key""#
    static let passwordVariable = "FAILOVER_TEST_PG_PASSWORD"

    /// A fleet whose database is a new PostgreSQL database; the scratch folder holds the config, env files and site.
    static func fleet(lockTimeout: String = "1m") throws -> (ScratchDirectory, String, PostgresCluster, String) {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", CLIFleets.twoCoders + """

            service:
              database: "\(cluster.tcpURL(database))"
              database_password_env: \(passwordVariable)
              lock_timeout: \(lockTimeout)
            control: {}
            """)
        return (scratch, config, cluster, database)
    }

    static var environment: [String: String] { CLIFleets.keys.merging([passwordVariable: PostgresCluster.password]) { _, new in new } }

    @Test func everyVerbWorksOnPostgreSQL() throws {
        let (scratch, config, cluster, database) = try Self.fleet()
        var outputs: [CLI.Result] = []
        func run(_ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
            let result = try CLI.run(arguments + ["--config", config], stdin: stdin, environment: Self.environment)
            outputs.append(result)
            return result
        }
        #expect(try run(["cycle", "--now", "2026-11-24T08:00:00Z"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("var/env/coder-1.env")), "cycle wrote the env files")
        let lines = [1, 2].map { #"{"agent":"coder-1","at":"2026-11-24T09:00:0\#($0)Z",\#(Self.auth)}"# }.joined(separator: "\n")
        let record = try run(["record", "--now", "2026-11-24T09:01:00Z"], stdin: lines)
        #expect(record.status == 0, "\(record.stderr)")
        let status = try run(["status", "--json", "--now", "2026-11-24T10:00:00Z"])
        #expect(status.status == 0, "\(status.stderr)")
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(agents.first { $0["name"] as? String == "coder-1" }?["pause_reason"] as? String == "exhausted")
        let render = try run(["render", "--now", "2026-11-24T10:00:00Z"])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("public/index.html")), "render wrote the site")
        let verify = try run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("the ledger reproduces the state table"), "\(verify.stdout)")
        #expect(try run(["events"]).status == 0)
        #expect(try run(["metrics", "--now", "2026-11-24T10:00:00Z"]).status == 0)
        // The rows are in PostgreSQL, not in a file beside the config.
        #expect(try cluster.psql("SELECT count(*) > 0 FROM agent_provider_events", database: database).hasPrefix("t"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var/failover.sqlite")))
        let backup = try run(["backup", scratch.path("copy.sqlite")])
        #expect(backup.status == 1 && backup.stderr.contains("pg_dump"), "\(backup.stderr)")
        for output in outputs {
            #expect(!output.stdout.contains(PostgresCluster.password) && !output.stderr.contains(PostgresCluster.password), "the password is never printed")
        }
    }

    @Test func withoutThePasswordVariableTheVerbSaysWhichToSet() throws {
        let (scratch, config, _, _) = try Self.fleet()
        defer { withExtendedLifetime(scratch) {} }
        let result = try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T08:00:00Z"], input: nil, environment: CLIFleets.keys, unsetting: [Self.passwordVariable])
        #expect(result.status == 1)
        #expect(result.stderr.contains(Self.passwordVariable), "\(result.stderr)")
    }

    @Test func aPasswordInTheURLIsAConfigErrorThatIsNotEchoed() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", CLIFleets.twoCoders + """

            service:
              database: "postgres://failover:hunter2-secret@127.0.0.1:5432/fleet"
            """)
        let result = try CLI.run(["validate", "--config", config])
        #expect(result.status == 1)
        #expect(result.stderr.contains("database_password_env") || result.stdout.contains("database_password_env"), "\(result.stdout)\(result.stderr)")
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
    }

    /// Another writer holding the store's write lock past `lock_timeout`: exit 75, nothing written.
    @Test func aVerbThatCannotHaveTheWriteLockExits75() throws {
        let (scratch, config, cluster, database) = try Self.fleet(lockTimeout: "1s")
        defer { withExtendedLifetime(scratch) {} }
        #expect(try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T08:00:00Z"], environment: Self.environment).status == 0)
        let holder = try cluster.holdWriteLock(in: database, seconds: 5)
        defer { holder.release() }
        let line = #"{"agent":"coder-1","at":"2026-11-24T09:00:01Z",\#(Self.auth)}"#
        let record = try CLI.run(["record", "--config", config, "--now", "2026-11-24T09:01:00Z"], stdin: line, environment: Self.environment)
        #expect(record.status == 75, "\(record.stderr)")
        #expect(record.stderr.contains("safe to retry"), "\(record.stderr)")
    }
}
