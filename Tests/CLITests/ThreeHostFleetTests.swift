import Foundation
import Testing
import TestSupport

/// Issue 15's end: a fleet under three dispatcher hosts, simulated on one machine as three folders,
/// each with its own copy of the config and its own env_dir, against one PostgreSQL server. Each host
/// writes its own containers' env files; the budget counts every host's usage; one render shows the
/// whole fleet.
@Suite struct ThreeHostFleetTests {
    static let hosts = ["dispatch-a", "dispatch-b", "dispatch-c"]

    static func config(url: String) -> String {
        """
        service:
          database: "\(url)"
          database_password_env: \(PostgresCLITests.passwordVariable)
          env_dir: env
          site_dir: public
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3, coder-4, coder-5, coder-6]
            hosts:
              dispatch-a: [coder-1, coder-2]
              dispatch-b: [coder-3, coder-4]
              dispatch-c: [coder-5, coder-6]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { triggers: [auth, quota, rate_limit, server_error, token_budget] }
            usage_threshold_tokens: 10000
          reviewer:
            instances: [reviewer-1]
            hosts: { dispatch-c: [reviewer-1] }
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
        """
    }

    @Test func threeHostsShareOneStoreAndRenderOneSite() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        defer { cluster.dropDatabase(database) }
        let scratch = try ScratchDirectory()
        var written: [String: String] = [:]
        for host in Self.hosts {
            written[host] = try scratch.write("\(host)/failover.yaml", Self.config(url: cluster.tcpURL(database)))
        }
        let configs = written
        @Sendable func run(_ host: String, _ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
            try CLI.run(arguments + ["--config", configs[host]!], stdin: stdin, environment: PostgresCLITests.environment.merging(["FAILOVER_HOST": host]) { $1 })
        }
        // The three dispatchers' first cycles at once: they serialise on the store's write lock.
        let cycles = LockedResults()
        DispatchQueue.concurrentPerform(iterations: Self.hosts.count) { index in
            cycles.add(Self.hosts[index], Result { try run(Self.hosts[index], ["cycle", "--now", "2026-11-24T08:00:00Z"]) })
        }
        for host in Self.hosts {
            let result = try cycles.get(host)
            #expect(result.status == 0, "\(host): \(result.stderr)")
        }
        let own = ["dispatch-a": ["coder-1.env", "coder-2.env"], "dispatch-b": ["coder-3.env", "coder-4.env"], "dispatch-c": ["coder-5.env", "coder-6.env", "reviewer-1.env"]]
        for host in Self.hosts {
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("\(host)/env")).sorted() == own[host], "\(host) wrote only its own env files")
        }
        // 4,000 tokens on each host: no host alone goes over the type's 10,000; the third one's record sees all three.
        for (index, host) in Self.hosts.enumerated() {
            let agent = "coder-\(index * 2 + 1)"
            let line = #"{"agent":"\#(agent)","at":"2026-11-24T09:0\#(index):00Z","outcome":"success","input_tokens":3000,"output_tokens":1000,"tier":1}"#
            let record = try run(host, ["record", "--json", "--now", "2026-11-24T09:10:00Z"], stdin: line)
            #expect(record.status == 0, "\(host): \(record.stderr)")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(record.stdout.utf8)) as? [String: Any])
            #expect(result["usage"] as? String == "\((index + 1) * 4000)/10000", "\(record.stdout)")
            #expect(result["moved"] as? Bool == (index == 2), "only the third host's record is over budget: \(record.stdout)")
            #expect(result["recreate"] as? Bool == (index == 2))
        }
        #expect(try String(contentsOfFile: scratch.path("dispatch-c/env/coder-5.env"), encoding: .utf8).contains("deepseek"), "the budget step rewrote dispatch-c's file")
        // One render, from any host, covers the whole fleet.
        let render = try run("dispatch-a", ["render", "--now", "2026-11-24T09:30:00Z"])
        #expect(render.status == 0, "\(render.stderr)")
        let status = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("dispatch-a/public/status.json")))) as? [String: Any])
        let agents = try #require(status["agents"] as? [[String: Any]])
        #expect(agents.count == 7)
        #expect(Set(agents.compactMap { $0["host"] as? String }) == Set(Self.hosts))
        #expect(agents.first { $0["name"] as? String == "coder-5" }?["last_failure_kind"] as? String == "token_budget")
        let coder = try #require((status["types"] as? [[String: Any]])?.first { $0["name"] as? String == "coder" })
        #expect((coder["budget"] as? [String: Any])?["used_tokens"] as? Int == 12000, "fleet-wide usage")
        #expect((coder["hosts"] as? [String: [String]])?["dispatch-b"] == ["coder-3", "coder-4"])
        let page = try String(contentsOfFile: scratch.path("dispatch-a/public/agents/coder-5.html"), encoding: .utf8)
        #expect(page.contains(#"<dt>Host</dt><dd><span class="id">dispatch-c</span>"#))
        #expect(try run("dispatch-b", ["verify"]).status == 0)
    }
}

/// Results of concurrent runs, by key.
private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: Result<CLI.Result, any Error>] = [:]

    func add(_ key: String, _ result: Result<CLI.Result, any Error>) {
        lock.withLock { results[key] = result }
    }

    func get(_ key: String) throws -> CLI.Result {
        try lock.withLock { results[key] }!.get()
    }
}
