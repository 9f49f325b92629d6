import Foundation
import Testing

/// The outage step through the binary: `record --json` names the followers, their env files move,
/// `events` shows the source, and `verify` still replays the ledger.
@Suite struct OutageStepCLITests {
    static let config = """
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3, coder-4]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, outage_after: 2 }
        """
    let environment = CLIFleets.keys

    @Test func twoFailuresMoveTheWholeType() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config)
        let clock = ["--config", config, "--now", "2026-11-24T10:05:00Z"]
        let cycle = try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T09:59:00Z"], environment: environment)
        #expect(cycle.status == 0, "\(cycle.stderr)")
        let lines = [
            #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":529,"error_type":"overloaded_error","tier":1}"#,
            #"{"agent":"coder-1","at":"2026-11-24T10:00:10Z","outcome":"error","status":529,"error_type":"overloaded_error","tier":1}"#,
            #"{"agent":"coder-1","at":"2026-11-24T10:00:20Z","outcome":"error","status":529,"error_type":"overloaded_error","tier":1}"#,
            #"{"agent":"coder-2","at":"2026-11-24T10:01:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","tier":1}"#,
        ]
        let record = try CLI.run(["record", "--json"] + clock, stdin: lines.joined(separator: "\n") + "\n", environment: environment)
        #expect(record.status == 0, "\(record.stderr)")
        let results = try record.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let followers = results.filter { $0["source"] as? String == "outage" }
        #expect(followers.map { $0["agent"] as? String } == ["coder-3", "coder-4"])
        #expect(followers.allSatisfy { $0["line"] as? Int == 4 && $0["recreate"] as? Bool == true && $0["to_tier"] as? Int == 2 })
        #expect(results.filter { $0["source"] as? String == "outcome" }.count == 4)
        let env = try String(contentsOfFile: scratch.path("var/env/coder-4.env"), encoding: .utf8)
        #expect(env.contains("ANTHROPIC_MODEL=deepseek-chat"))

        let text = try CLI.run(["events", "--agent", "coder-3", "--json"] + clock, environment: environment)
        #expect(text.status == 0, "\(text.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(text.stdout.utf8)) as? [[String: Any]])
        let step = try #require(events.first { $0["source"] as? String == "outage" }, "\(text.stdout)")
        #expect(step["kind"] as? String == "step_down" && step["failure_kind"] as? String == "rate_limit")
        #expect(step["detail"] as? String == "outage: 2 instances left anthropic within 15m (rate_limit): coder-1, coder-2")

        let verify = try CLI.run(["verify", "--config", config], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func theTextOutputSaysWhichMovesTheStepMade() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config)
        let clock = ["--config", config, "--now", "2026-11-24T10:05:00Z"]
        let lines = [
            #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error"}"#,
            #"{"agent":"coder-2","at":"2026-11-24T10:01:00Z","outcome":"error","status":401,"error_type":"authentication_error"}"#,
        ]
        #expect(try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T09:59:00Z"], environment: environment).status == 0)
        let record = try CLI.run(["record"] + clock, stdin: lines.joined(separator: "\n") + "\n", environment: environment)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout.contains("coder-3: tier 1 → 2 (auth, outage step), recreate"), "\(record.stdout)")
        #expect(record.stdout.contains("recorded 2 outcome(s), 2 moved, 2 moved by the outage step, 0 rejected"), "\(record.stdout)")
    }
}
