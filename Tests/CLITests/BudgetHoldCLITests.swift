import Foundation
import Testing

/// The budget hold end to end (specs/token-budget.md): `record --json` and `events --json` through
/// the binary and a real database. Over budget the type's instance steps off tier 1 once, stays on
/// tier 2 for every later task, and comes back once usage leaves the window.
@Suite struct BudgetHoldCLITests {
    static let config = """
        service:
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
              - { provider: ollama, model: "qwen3-coder:30b" }
            failover:
              cooldown: 15m
              triggers: [auth, quota, rate_limit, server_error, token_budget]
            usage_threshold_tokens: 1000
        """
    let environment = CLIFleets.keys

    static func success(at: String, tokens: Int) -> String {
        #"{"agent":"coder-1","at":"\#(at)","outcome":"success","input_tokens":\#(tokens),"output_tokens":0}"#
    }

    func record(_ config: String, _ lines: [String], now: String) throws -> [[String: Any]] {
        let result = try CLI.run(["record", "--json", "--config", config, "--now", now], stdin: lines.joined(separator: "\n") + "\n", environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return try result.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func overBudgetStepsOnceHoldsThenRecovers() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config)
        // Over budget from the first task; the third and fourth run after the 15m cooldown.
        let day1 = try record(config, [
            Self.success(at: "2026-11-24T10:00:00Z", tokens: 2000),
            Self.success(at: "2026-11-24T10:05:00Z", tokens: 10),
            Self.success(at: "2026-11-24T10:20:00Z", tokens: 10),
            Self.success(at: "2026-11-24T11:00:00Z", tokens: 10),
        ], now: "2026-11-24T11:00:00Z")
        #expect(day1.map { $0["to_tier"] as? Int } == [2, 2, 2, 2], "one step, then held")
        #expect(day1.map { $0["ignored"] as? String } == [nil, "over_budget", "over_budget", "over_budget"])
        #expect(day1.map { $0["moved"] as? Bool } == [true, false, false, false])

        // A day later the 2000 tokens have left the window: recovery as before.
        let day2 = try record(config, [Self.success(at: "2026-11-25T10:30:00Z", tokens: 10)], now: "2026-11-25T10:30:00Z")
        #expect(day2.first?["to_tier"] as? Int == 1)
        #expect(day2.first?["events"] as? [String] == ["recovered"])

        let events = try CLI.run(["events", "--json", "--config", config, "--now", "2026-11-25T10:31:00Z"], environment: environment)
        #expect(events.status == 0, "\(events.stderr)")
        let ledger = try #require(try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [[String: Any]])
        let kinds = ledger.map { $0["kind"] as? String }
        #expect(kinds == ["created", "step_down", "recovered"], "\(events.stdout)")
        let verify = try CLI.run(["verify", "--config", config], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
