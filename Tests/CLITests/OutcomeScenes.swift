import Foundation
import Testing

/// A fleet and a day of its outcomes for the `outcomes` and `simulate` suites: every kind of step,
/// a 5xx streak, a Retry-After, a late result, a budget overrun, a wrap and a key in a message.
enum OutcomeScene {
    static let key = "sk-ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"
    static let clock = "2026-11-25T00:00:00Z"

    static let config = """
        service:
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
              - { provider: ollama, model: "qwen3-coder:30b" }
            failover: { cooldown: 15m, server_error_after: 2, triggers: [auth, quota, rate_limit, server_error, token_budget] }
            usage_threshold_tokens: 100000
          reviewer:
            instances: [reviewer-1]
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
              - { provider: deepseek, model: deepseek-reasoner }
            failover: { on_exhausted: wrap }
        """

    static let lines = [
        #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key \#(key)\u001b[2J","tier":1}"#,
        #"{"agent":"coder-1","at":"2026-11-24T10:05:00Z","outcome":"success","input_tokens":100,"output_tokens":50,"tier":2}"#,
        #"{"agent":"coder-1","at":"2026-11-24T10:06:00Z","outcome":"error","status":401,"tier":1}"#,
        #"{"agent":"coder-1","at":"2026-11-24T10:20:00Z","outcome":"success","input_tokens":100,"output_tokens":50}"#,
        #"{"agent":"coder-2","at":"2026-11-24T11:00:00Z","outcome":"error","status":503,"message":"Server Overloaded"}"#,
        #"{"agent":"coder-2","at":"2026-11-24T11:01:00Z","outcome":"error","status":529,"error_type":"overloaded_error","retry_after":"Tue, 24 Nov 2026 12:01:00 GMT"}"#,
        #"{"agent":"coder-2","at":"2026-11-24T11:30:00Z","outcome":"error","status":402,"error_type":"billing_error","message":"Insufficient Balance"}"#,
        #"{"agent":"reviewer-1","at":"2026-11-24T12:00:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","retry_after":30}"#,
        #"{"agent":"reviewer-1","at":"2026-11-24T12:01:00Z","outcome":"error","status":429,"error_type":"rate_limit_error"}"#,
        #"{"agent":"reviewer-1","at":"2026-11-24T12:02:00Z","outcome":"error","status":400,"error_type":"invalid_request_error","message":"bad"}"#,
        #"{"agent":"coder-1","at":"2026-11-24T13:00:00Z","outcome":"success","input_tokens":60000,"output_tokens":50000}"#,
        #"{"agent":"coder-1","at":"2026-11-24T13:30:00Z","outcome":"success","input_tokens":10,"output_tokens":10}"#,
    ]

    static var input: String { lines.joined(separator: "\n") + "\n" }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// Every ledger event without its id, oldest first.
    static func ledger(_ scratch: ScratchDirectory) throws -> [NSDictionary] {
        let events = try CLI.run(["events", "--json", "--limit", "100000", "--config", scratch.path("failover.yaml"), "--now", clock], environment: CLIFleets.keys)
        let all = try #require(try json(events.stdout) as? [[String: Any]], "\(events.stderr)")
        return all.map { event in var event = event; event["id"] = nil; return event as NSDictionary }
    }

    static func status(_ scratch: ScratchDirectory) throws -> [NSDictionary] {
        let status = try CLI.run(["status", "--json", "--config", scratch.path("failover.yaml"), "--now", clock], environment: CLIFleets.keys)
        return try #require(try json(status.stdout) as? [[String: Any]], "\(status.stderr)").map { $0 as NSDictionary }
    }
}
