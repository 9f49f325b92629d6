import Foundation
import Testing

/// `--host` / `FAILOVER_HOST` on `cycle` and `record`, through the binary (specs/failover.md, "Hosts").
@Suite struct HostsCLITests {
    static let yaml = """
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3]
            hosts:
              dispatch-a: [coder-1, coder-2]
              dispatch-b: [coder-3]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
        """

    static func fleet() throws -> (ScratchDirectory, String) {
        let scratch = try ScratchDirectory()
        return (scratch, try scratch.write("failover.yaml", yaml))
    }

    @Test func aVerbThatWritesEnvFilesMustBeToldItsHost() throws {
        let (scratch, config) = try Self.fleet()
        let result = try CLI.run(["cycle", "--config", config], environment: CLIFleets.keys)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("the config places instances on hosts (dispatch-a, dispatch-b): say which host this is with --host NAME or FAILOVER_HOST=NAME"), "\(result.stderr)")
        let unknown = try CLI.run(["cycle", "--config", config, "--host", "dispatch-c"], environment: CLIFleets.keys)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains(#"--host dispatch-c: no agent type places instances on "dispatch-c" (did you mean"#), "\(unknown.stderr)")
        let variable = try CLI.run(["cycle", "--config", config], environment: CLIFleets.keys.merging(["FAILOVER_HOST": "dispatch-z"]) { $1 })
        #expect(variable.status == 1 && variable.stderr.contains("FAILOVER_HOST dispatch-z:"), "\(variable.stderr)")
        // Set, but not UTF-8: said as such, not taken for unset (sh puts the raw bytes in).
        let script = #"FAILOVER_HOST="$(printf 'dispatch-\377')"; export FAILOVER_HOST; exec "$@""#
        let bytes = try CLI.run(["cycle", "--config", config], input: nil, environment: CLIFleets.keys, via: ["/bin/sh", "-c", script, "sh"])
        #expect(bytes.status == 1 && bytes.stderr.contains("FAILOVER_HOST is set but not UTF-8"), "\(bytes.stderr)")
        // Refused before the store is opened: nothing was created.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var/failover.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var/env")))
    }

    /// Whatever `--host` holds (a line break, 100,000 characters, a terminal escape), the answer is
    /// exit 1 on one line, and nothing is written.
    @Test(arguments: ["dispatch-a\nforged: line", "100,000 characters", "\u{1b}[2J", "", "../../etc", "dispatch-a "])
    func aHostileHostIsRefusedOnOneLine(host given: String) throws {
        // One argument may hold at most 128 KiB (Linux's MAX_ARG_STRLEN).
        let host = given == "100,000 characters" ? String(repeating: "h", count: 100_000) : given
        let (scratch, config) = try Self.fleet()
        let result = try CLI.run(["cycle", "--config", config, "--host", host], environment: CLIFleets.keys)
        #expect(result.status == 1, "\(result.stderr.prefix(300))")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.utf8.count < 2000, "\(result.stderr.prefix(300))")
        #expect(!result.stderr.contains("\u{1b}"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var/failover.sqlite")))
    }

    /// `record` never refuses a batch over the host: the outcomes are recorded, a warning says what
    /// is wrong, and no env file is written here until a cycle runs on the right host.
    @Test func recordWithoutAKnownHostRecordsEveryLineAndWritesNoEnvFile() throws {
        let (scratch, config) = try Self.fleet()
        #expect(try CLI.run(["cycle", "--config", config, "--host", "dispatch-a", "--now", "2026-11-24T08:00:00Z"], environment: CLIFleets.keys).status == 0)
        let envFile = scratch.path("var/env/coder-1.env")
        let before = try String(contentsOfFile: envFile, encoding: .utf8)
        for (index, host) in [nil, "dispatch-gone"].enumerated() {
            let line = #"{"agent":"coder-\#(index + 1)","at":"2026-11-24T09:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key"}"#
            let result = try CLI.run(["record", "--config", config, "--json", "--now", "2026-11-24T09:01:00Z"] + (host.map { ["--host", $0] } ?? []), stdin: line, environment: CLIFleets.keys)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(#""moved":true"#) && result.stdout.contains(#""recreate":false"#), "\(result.stdout)")
            #expect(result.stderr.contains("every line is recorded, but no env file is written here"), "\(result.stderr)")
        }
        #expect(try String(contentsOfFile: envFile, encoding: .utf8) == before)
        let status = try CLI.run(["status", "--config", config, "--json", "--now", "2026-11-24T09:02:00Z"])
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(agents.filter { $0["tier"] as? Int == 2 }.compactMap { $0["name"] as? String } == ["coder-1", "coder-2"], "both outcomes were applied")
        let cycle = try CLI.run(["cycle", "--config", config, "--host", "dispatch-a", "--now", "2026-11-24T09:03:00Z"], environment: CLIFleets.keys)
        #expect(cycle.stdout.contains("coder-1.env (recreate)") && cycle.stdout.contains("coder-2.env (recreate)"), "\(cycle.stdout)")
    }

    @Test func aHostOnAFleetUnderOneDispatcherIsRefused() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", CLIFleets.twoCoders)
        let result = try CLI.run(["cycle", "--config", config, "--host", "dispatch-a"], environment: CLIFleets.keys)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--host dispatch-a: the config places no instances on hosts; drop --host"), "\(result.stderr)")
        // An empty FAILOVER_HOST is one not set.
        let empty = try CLI.run(["cycle", "--config", config], environment: CLIFleets.keys.merging(["FAILOVER_HOST": ""]) { $1 })
        #expect(empty.status == 0, "\(empty.stderr)")
    }

    @Test func eachHostWritesItsOwnEnvFilesAndTheOptionBeatsTheVariable() throws {
        let (scratch, config) = try Self.fleet()
        let a = try CLI.run(["cycle", "--config", config, "--json", "--now", "2026-11-24T08:00:00Z"],
                            environment: CLIFleets.keys.merging(["FAILOVER_HOST": "dispatch-a"]) { $1 })
        #expect(a.status == 0, "\(a.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(plan["host"] as? String == "dispatch-a")
        let agents = try #require(plan["agents"] as? [[String: Any]])
        #expect(agents.compactMap { $0["agent"] as? String } == ["coder-1", "coder-2"])
        #expect(agents.allSatisfy { $0["host"] as? String == "dispatch-a" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("var/env")).sorted() == ["coder-1.env", "coder-2.env"])
        let b = try CLI.run(["cycle", "--config", config, "--host", "dispatch-b", "--now", "2026-11-24T08:00:00Z"],
                            environment: CLIFleets.keys.merging(["FAILOVER_HOST": "dispatch-a"]) { $1 })
        #expect(b.status == 0 && b.stdout.contains("coder-3") && !b.stdout.contains("coder-1"), "\(b.stdout)")
        // record on dispatch-a of dispatch-b's agent: recorded, its file left to dispatch-b.
        let line = #"{"agent":"coder-3","at":"2026-11-24T09:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key"}"#
        let record = try CLI.run(["record", "--config", config, "--host", "dispatch-a", "--json", "--now", "2026-11-24T09:01:00Z"], stdin: line, environment: CLIFleets.keys)
        #expect(record.status == 0, "\(record.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(record.stdout.utf8)) as? [String: Any])
        #expect(result["host"] as? String == "dispatch-b" && result["moved"] as? Bool == true && result["recreate"] as? Bool == false)
        #expect(record.stderr.contains("coder-3 runs on dispatch-b and is now on tier 2"), "\(record.stderr)")
        #expect(try String(contentsOfFile: scratch.path("var/env/coder-3.env"), encoding: .utf8).contains("claude-sonnet-4-5"))
        let status = try CLI.run(["status", "--config", config, "--now", "2026-11-24T09:02:00Z"])
        #expect(status.stdout.hasPrefix("AGENT    TYPE   HOST        TIER"), "\(status.stdout)")
        #expect(status.stdout.contains("coder-3  coder  dispatch-b  ② of 2"), "\(status.stdout)")
        let validate = try CLI.run(["validate", "--config", config])
        #expect(validate.stdout.contains("on dispatch-a: coder-1, coder-2") && validate.stdout.contains("on dispatch-b: coder-3"), "\(validate.stdout)")
    }
}
