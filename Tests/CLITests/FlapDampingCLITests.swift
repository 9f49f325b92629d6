import Foundation
import Testing

/// Flap damping end to end (specs/failover.md, "Flap damping"): `record`, `events`, `status`,
/// `cycle --json` and `verify` through the binary and a real database, and `validate` on the key.
@Suite struct FlapDampingCLITests {
    static let config = """
        service:
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, backoff: 2, max_cooldown: 1h }
            usage_threshold_tokens: 1000000
        """
    let environment = CLIFleets.keys

    static func line(_ agent: String, _ at: String, failing: Bool) -> String {
        failing ? #"{"agent":"\#(agent)","at":"\#(at)","outcome":"error","status":401,"error_type":"authentication_error"}"#
            : #"{"agent":"\#(agent)","at":"\#(at)","outcome":"success"}"#
    }

    @Test func aProviderUpForAMinuteAnHourIsTriedLessAndLessOften() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config)
        // coder-1 fails a minute after each recovery; coder-2 fails once, recovers, and fails again an hour later.
        let lines = [
            Self.line("coder-1", "2026-11-24T08:00:00Z", failing: true),
            Self.line("coder-1", "2026-11-24T08:15:00Z", failing: false),
            Self.line("coder-1", "2026-11-24T08:16:00Z", failing: true),
            Self.line("coder-1", "2026-11-24T08:46:00Z", failing: false),
            Self.line("coder-1", "2026-11-24T08:47:00Z", failing: true),
            Self.line("coder-1", "2026-11-24T09:47:00Z", failing: false),
            Self.line("coder-1", "2026-11-24T09:48:00Z", failing: true),
            Self.line("coder-2", "2026-11-24T08:00:00Z", failing: true),
            Self.line("coder-2", "2026-11-24T08:15:00Z", failing: false),
            Self.line("coder-2", "2026-11-24T09:15:00Z", failing: true),
        ]
        let clock = ["--config", config, "--now", "2026-11-24T10:00:00Z"]
        let record = try CLI.run(["record", "--json"] + clock, stdin: lines.joined(separator: "\n") + "\n", environment: environment)
        #expect(record.status == 0, "\(record.stderr)")

        let events = try CLI.run(["events", "--json", "--agent", "coder-1"] + clock, environment: environment)
        let ledger = try #require(try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [[String: Any]])
        let steps = ledger.filter { $0["kind"] as? String == "step_down" }
        #expect(steps.map { $0["cooldown_until"] as? String } == ["2026-11-24T08:15:00Z", "2026-11-24T08:46:00Z", "2026-11-24T09:47:00Z", "2026-11-24T10:48:00Z"])
        #expect(steps.map { ($0["detail"] as? String ?? "").components(separatedBy: "; ").dropFirst().joined(separator: "; ") } == [
            "", "flap 1, cooldown 30m (15m x 2^1)", "flap 2, cooldown 1h (15m x 2^2)", "flap 3, cooldown 1h (15m x 2^3, capped at max_cooldown 1h)",
        ])
        #expect(steps.map { $0["flap_count"] as? Int } == [0, 1, 2, 3])
        #expect(steps.allSatisfy { $0["retry_after"] is NSNull })

        let status = try CLI.run(["status", "--json"] + clock, environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(agents.map { $0["flap_count"] as? Int } == [3, 0], "coder-2's second step came an hour after its recovery")
        #expect(agents.map { $0["cooldown_seconds"] as? Int } == [3600, 900])
        #expect(agents.map { $0["held"] as? Bool } == [false, false])
        let table = try CLI.run(["status"] + clock, environment: environment)
        #expect(table.stdout.contains("48m0s (flap 3)"), "\(table.stdout)")

        let cycle = try CLI.run(["cycle", "--json"] + clock, environment: environment)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(cycle.stdout.utf8)) as? [String: Any])
        let planned = try #require(plan["agents"] as? [[String: Any]])
        #expect(planned.map { $0["flap_count"] as? Int } == [3, 0] && planned.map { $0["cooldown_seconds"] as? Int } == [3600, 900])

        let verify = try CLI.run(["verify", "--config", config], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aBackoffUnderOneIsRefusedAtItsPath() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config.replacingOccurrences(of: "backoff: 2", with: "backoff: 0.5"))
        let result = try CLI.run(["validate", "--config", config], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("agent_types.coder.failover.backoff: must be 1 to 1000, got 0.5"), "\(result.stderr)")
    }
}
