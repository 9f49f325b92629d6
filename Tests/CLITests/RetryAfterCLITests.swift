import Foundation
import Testing

/// `retry_after` end to end: `record --json` then `status --json`, through the binary and a real database.
@Suite struct RetryAfterCLITests {
    static let config = """
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, max_cooldown: 3h }
        """
    let environment = CLIFleets.keys

    @Test func aRetryAfterStretchesTheCooldownAndABadOneIsRefused() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config)
        let lines = [
            // Two hours, as a date: longer than the 15m cooldown, inside the 3h cap.
            #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","retry_after":"Tue, 24 Nov 2026 12:00:00 GMT"}"#,
            // A day, in seconds: capped at max_cooldown.
            #"{"agent":"coder-2","at":"2026-11-24T10:00:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","retry_after":86400}"#,
            #"{"agent":"coder-2","at":"2026-11-24T10:00:00Z","outcome":"error","status":429,"retry_after":"later"}"#,
        ]
        let clock = ["--config", config, "--now", "2026-11-24T10:01:00Z"]
        let record = try CLI.run(["record", "--json"] + clock, stdin: lines.joined(separator: "\n") + "\n", environment: environment)
        #expect(record.status == 1, "\(record.stderr)")
        #expect(record.stderr.contains(#"line 3: "retry_after" "later" is neither seconds nor an HTTP-date"#), "\(record.stderr)")
        #expect(record.stderr.contains("retry-after 7200s"))
        #expect(record.stderr.contains("retry-after 86400s (capped at max_cooldown 3h)"))
        let results = try record.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(results.map { $0["to_tier"] as? Int } == [2, 2])

        let events = try CLI.run(["events", "--json"] + clock, environment: environment)
        let ledger = try #require(try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [[String: Any]])
        let asked = Dictionary(uniqueKeysWithValues: ledger.filter { $0["kind"] as? String == "step_down" }.map { ($0["agent"] as? String ?? "", $0["retry_after"] as? Int) })
        #expect(asked == ["coder-1": 7200, "coder-2": 86400], "the ledger keeps what the provider asked, not the capped cooldown")

        let status = try CLI.run(["status", "--json"] + clock, environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        let until = Dictionary(uniqueKeysWithValues: agents.map { ($0["name"] as? String ?? "", $0["cooldown_until"] as? String) })
        #expect(until["coder-1"] == "2026-11-24T12:00:00Z")
        #expect(until["coder-2"] == "2026-11-24T13:00:00Z")
    }
}
