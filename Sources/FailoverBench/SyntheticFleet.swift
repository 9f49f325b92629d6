import FailoverCore
import Foundation

/// A deterministic fleet for benchmarks: `agents` instances over three types, with the same chains
/// and policies as examples/failover.yaml.
package struct SyntheticFleet: Sendable {
    package var agents: Int

    package init(agents: Int) {
        self.agents = agents
    }

    /// The three types' share of the fleet: coders, reviewers, planners.
    static let shares: [(type: String, share: Int)] = [("coder", 6), ("reviewer", 3), ("planner", 1)]

    var instanceNames: [(type: String, agents: [String])] {
        var remaining = agents
        return Self.shares.enumerated().map { index, entry in
            let count = index == Self.shares.count - 1 ? remaining : max(1, agents * entry.share / 10)
            remaining -= count
            return (entry.type, (1...max(count, 1)).map { "\(entry.type)-\($0)" })
        }
    }

    /// The config file text, with `service.database` (and the variable holding its password) when given.
    package func yaml(database: String?, passwordVariable: String? = nil) -> String {
        guard let database else { return yaml }
        // JSON's string syntax is YAML's double-quoted one: the URL's `?`, `&` and `:` stay literal.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let quoted = String(decoding: (try? encoder.encode(database)) ?? Data(), as: UTF8.self)
        var service = "service:\n  database: \(quoted)\n"
        if let passwordVariable { service += "  database_password_env: \(passwordVariable)\n" }
        return yaml.replacingOccurrences(of: "service:\n", with: service)
    }

    /// The config file text.
    package var yaml: String {
        let names = Dictionary(uniqueKeysWithValues: instanceNames.map { ($0.type, $0.agents) })
        func list(_ type: String) -> String { "[" + (names[type] ?? []).joined(separator: ", ") + "]" }
        return """
            service:
              usage_window: 24h
              site_title: Synthetic fleet
            agent_types:
              coder:
                instances: \(list("coder"))
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                  - { provider: deepseek, model: deepseek-chat }
                  - { provider: ollama, model: "qwen3-coder:30b" }
                failover:
                  cooldown: 15m
                  triggers: [auth, quota, rate_limit, server_error, token_budget]
                usage_threshold_tokens: 50000000000
              reviewer:
                instances: \(list("reviewer"))
                provider_chain:
                  - { provider: anthropic, model: claude-opus-4-1 }
                  - { provider: openrouter, model: anthropic/claude-opus-4.1 }
                failover: { cooldown: 30m, on_exhausted: wrap }
                usage_threshold_tokens: 50000000000
              planner:
                instances: \(list("planner"))
                provider_chain:
                  - { provider: anthropic, model: claude-opus-4-1 }
                  - { provider: deepseek, model: deepseek-reasoner }
            """
    }

    /// Keys for every provider, so env files can be written.
    package static let environment = [
        "ANTHROPIC_API_KEY": "sk-ant-bench-000000000000000",
        "DEEPSEEK_API_KEY": "deepseek-bench-0000",
        "OPENROUTER_API_KEY": "openrouter-bench-0000",
    ]
}

/// Outcome lines in the brief's format: mostly successes, a realistic sprinkle of errors.
package enum SyntheticOutcomes {
    static let errors = [
        #""outcome":"error","status":429,"error_type":"rate_limit_error","message":"rate limited""#,
        #""outcome":"error","status":529,"error_type":"overloaded_error","message":"Overloaded""#,
        #""outcome":"error","status":400,"error_type":"invalid_request_error","message":"bad request""#,
        #""outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key""#,
    ]

    /// `count` lines over `agents`, starting at `start`, one second apart per `perSecond` lines.
    package static func lines(count: Int, agents: [String], start: Timestamp, perSecond: Int = 1000, seed: UInt64 = 42) -> String {
        var rng = SeededGenerator(seed: seed)
        var text = ""
        text.reserveCapacity(count * 150)
        for index in 0..<count {
            let agent = agents[Int.random(in: 0..<agents.count, using: &rng)]
            let at = start + TimeSpan(seconds: index / max(perSecond, 1))
            let roll = Int.random(in: 0..<1000, using: &rng)
            let result = roll < 990 ? #""outcome":"success""# : errors[roll % errors.count]
            let input = Int.random(in: 100...20000, using: &rng)
            let output = Int.random(in: 10...4000, using: &rng)
            text += #"{"agent":"\#(agent)","at":"\#(at)",\#(result),"input_tokens":\#(input),"output_tokens":\#(output)}"#
            text += "\n"
        }
        return text
    }
}
