import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation

/// A fleet in a scratch folder: a config file, its database and env files, all real.
final class Fleet {
    let folder: URL
    var environment: [String: String] = [
        "ANTHROPIC_API_KEY": "sk-ant-test-key-000000000000",
        "DEEPSEEK_API_KEY": "deepseek-test-key-0000",
        "OPENROUTER_API_KEY": "or-test-key-000000",
    ]

    static let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!

    static let standardYAML = """
        service:
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
              - { provider: ollama, model: "qwen3-coder:30b" }
            failover:
              cooldown: 15m
              on_exhausted: pause
              triggers: [auth, quota, rate_limit, server_error, token_budget]
              server_error_after: 3
            usage_threshold_tokens: 10000
          reviewer:
            instances: [reviewer-1]
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
              - { provider: openrouter, model: anthropic/claude-opus-4.1 }
            failover: { on_exhausted: wrap }
          planner:
            mode: host
            provider: anthropic
            model: claude-opus-4-1
            instances: [planner-1]
        """

    init(yaml: String = Fleet.standardYAML) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(yaml)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var configPath: String { folder.appendingPathComponent("failover.yaml").path }

    func write(_ yaml: String) throws {
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func config() throws -> LoadedConfig { try ConfigLoader.load(path: configPath) }

    func store() throws -> SQLiteStore { try SQLiteStore(path: try config().databasePath) }

    @discardableResult
    func cycle(at now: Timestamp = Fleet.t0) throws -> CyclePlan {
        let runner = CycleRunner(config: try config(), store: try store(), environment: environment)
        let plan = try runner.run(now: now)
        // As the CLI does once the plan is printed.
        try runner.delivered(plan)
        return plan
    }

    /// `now` defaults to a day after `t0`: the scripted outcomes are dated up to then, and an outcome
    /// dated ahead of the clock is refused.
    @discardableResult
    func record(_ lines: [String], at now: Timestamp = Fleet.t0 + .days(1)) throws -> RecordReport {
        let runner = RecordRunner(config: try config(), store: try store(), environment: environment)
        let report = try runner.run(input: lines.joined(separator: "\n"), now: now)
        try runner.delivered(report)
        return report
    }

    func states() throws -> [AgentID: AgentState] { try store().read { try $0.states() } }

    func events(agent: AgentID? = nil) throws -> [LedgerEvent] { try store().read { try $0.events(agent: agent) }.reversed() }

    func envFile(_ agent: String) -> String? {
        try? String(contentsOfFile: folder.appendingPathComponent("var/env/\(agent).env").path, encoding: .utf8)
    }

    func verify() throws -> [String] { try store().read { try LedgerVerifier.verify($0) }.differences }
}

/// An outcome line in the brief's format.
func outcome(_ agent: String, at: Timestamp, _ result: String = "success", status: Int? = nil, type: String? = nil, message: String? = nil,
             input: Int = 0, output: Int = 0, tier: Int? = nil) -> String {
    var fields = ["\"agent\":\"\(agent)\"", "\"at\":\"\(at)\"", "\"outcome\":\"\(result)\""]
    if let status { fields.append("\"status\":\(status)") }
    if let type { fields.append("\"error_type\":\"\(type)\"") }
    if let message { fields.append("\"message\":\"\(message)\"") }
    fields.append("\"input_tokens\":\(input)")
    fields.append("\"output_tokens\":\(output)")
    if let tier { fields.append("\"tier\":\(tier)") }
    return "{" + fields.joined(separator: ",") + "}"
}

extension Timestamp {
    static func minutes(_ n: Int) -> Timestamp { Fleet.t0 + .minutes(n) }
}
