import Foundation
import Testing

/// examples/dispatcher.sh end to end: the real script under bash, with jq, driving the built binary
/// through a scripted Anthropic outage (the stub task runner answers 529 overloaded_error while it
/// lasts), then checking what operators and monitors read: the site, status.json, feed.json,
/// metrics.prom and the node_exporter textfile.
@Suite struct DispatcherExampleTests {
    static let config = """
        service:
          database: var/failover.sqlite
          env_dir: var/env
          site_dir: public
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: ollama, model: "qwen3-coder:30b" }
            failover:
              cooldown: 1s
              server_error_after: 2
            usage_threshold_tokens: 100000
        """

    /// Runs `cycles` cycles of the dispatcher, one second apart, with `outages` as its script.
    static func dispatch(_ scratch: ScratchDirectory, cycles: Int, outages: String) throws -> ExternalTool.Run {
        let bash = try ExternalTool.path("bash", package: "bash")
        _ = try ExternalTool.path("jq", package: "jq")
        try scratch.write("outages", outages)
        return try ExternalTool.run(bash, [CLI.repositoryRoot.appendingPathComponent("examples/dispatcher.sh").path, "--cycles", "\(cycles)", "--interval", "1"], environment: [
            "FAILOVER": CLI.binary.path, "FAILOVER_CONFIG": scratch.path("failover.yaml"), "FAILOVER_LOG_LEVEL": "warning",
            "ANTHROPIC_API_KEY": "sk-ant-dispatch-000000000000000", "OUTAGES": scratch.path("outages"),
            "METRICS_TEXTFILE": scratch.path("textfile/failover.prom"),
        ])
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) exists")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func agents(_ scratch: ScratchDirectory) throws -> [String: [String: Any]] {
        let list = try #require(try json(scratch.path("public/status.json"))["agents"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "", $0) })
    }

    @Test func anOutageFailsTheFleetOverAndItsEndBringsItBack() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        try FileManager.default.createDirectory(atPath: scratch.path("textfile"), withIntermediateDirectories: true)

        // Two cycles of Anthropic answering 529: counted once, persistent the second time.
        let outage = try Self.dispatch(scratch, cycles: 2, outages: "# provider first last status type message\nanthropic 1 2 529 overloaded_error Overloaded\n")
        try #require(outage.status == 0, "dispatcher: \(outage.output)")
        #expect(outage.output.contains("coder-1 moved: tier 1 -> 2 (server_error)"), "\(outage.output)")
        #expect(outage.output.contains("recreate the container of coder-1"))
        let down = try Self.agents(scratch)
        for agent in ["coder-1", "coder-2"] {
            #expect(down[agent]?["tier"] as? Int == 2 && down[agent]?["provider"] as? String == "ollama", "\(agent) in status.json")
            #expect(down[agent]?["last_failure_kind"] as? String == "server_error")
        }
        let env = try String(contentsOfFile: scratch.path("var/env/coder-1.env"), encoding: .utf8)
        #expect(env.contains("ANTHROPIC_BASE_URL=http://") && env.contains(":11434") && env.contains("ANTHROPIC_MODEL=qwen3-coder:30b"))
        let items = try #require(try Self.json(scratch.path("public/feed.json"))["items"] as? [[String: Any]])
        let steps = items.compactMap { $0["_failover"] as? [String: Any] }.filter { $0["kind"] as? String == "step_down" }
        #expect(steps.count == 2 && steps.allSatisfy { $0["failure_kind"] as? String == "server_error" }, "feed.json: \(steps)")
        let index = try String(contentsOfFile: scratch.path("public/index.html"), encoding: .utf8)
        #expect(index.contains("qwen3-coder:30b"), "the fleet page shows the fallback model")
        for file in ["public/metrics.prom", "textfile/failover.prom"] {
            let metrics = try Exposition(try String(contentsOfFile: scratch.path(file), encoding: .utf8))
            #expect(metrics.value("failover_agent_tier", ["agent": "coder-1", "provider": "ollama"]) == 2, "\(file)")
            #expect(metrics.value("failover_agent_last_failure_info", ["agent": "coder-2", "kind": "server_error"]) == 1, "\(file)")
            #expect(metrics.value("failover_ledger_events_total", ["kind": "server_error_counted"]) == 2, "\(file)")
            #expect(metrics.value("failover_ledger_events_total", ["kind": "step_down"]) == 2, "\(file)")
            #expect(metrics.value("failover_type_usage_tokens", ["type": "coder"]) == 0, "\(file): failed tasks used nothing")
        }

        // The outage is over: the tasks succeed on the fallback, and once the cooldown has passed a
        // success brings each agent back to tier 1.
        let recovery = try Self.dispatch(scratch, cycles: 2, outages: "")
        try #require(recovery.status == 0, "dispatcher: \(recovery.output)")
        #expect(recovery.output.contains("coder-1 moved: tier 2 -> 1"), "\(recovery.output)")
        let up = try Self.agents(scratch)
        for agent in ["coder-1", "coder-2"] {
            #expect(up[agent]?["tier"] as? Int == 1 && up[agent]?["provider"] as? String == "anthropic", "\(agent) back on tier 1")
        }
        let feed = try #require(try Self.json(scratch.path("public/feed.json"))["items"] as? [[String: Any]])
        #expect(feed.compactMap { $0["_failover"] as? [String: Any] }.filter { $0["kind"] as? String == "recovered" }.count == 2)
        let metrics = try Exposition(try String(contentsOfFile: scratch.path("public/metrics.prom"), encoding: .utf8))
        #expect(metrics.value("failover_agent_tier", ["agent": "coder-2", "provider": "anthropic"]) == 1)
        #expect(metrics.value("failover_ledger_events_total", ["kind": "recovered"]) == 2)
        // Four successful tasks of 1,000 + 250 tokens.
        #expect(metrics.value("failover_type_usage_tokens", ["type": "coder", "window": "24h"]) == 5000)
        let textfile = try Exposition(try String(contentsOfFile: scratch.path("textfile/failover.prom"), encoding: .utf8))
        #expect(textfile.value("failover_ledger_events_total", ["kind": "recovered"]) == 2)
        try SiteCheck.expectComplete(scratch.path("public"))
    }

    @Test func aTaskRunnerThatPrintsNothingUsableMovesNoTier() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        // A runner that crashes: the dispatcher records an error without a status (kind other).
        let crash = try scratch.write("crash.sh", "#!/bin/sh\necho 'segfault' >&2\nexit 139\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: crash)
        let bash = try ExternalTool.path("bash", package: "bash")
        _ = try ExternalTool.path("jq", package: "jq")
        let run = try ExternalTool.run(bash, [CLI.repositoryRoot.appendingPathComponent("examples/dispatcher.sh").path, "--cycles", "3", "--interval", "0"], environment: [
            "FAILOVER": CLI.binary.path, "FAILOVER_CONFIG": scratch.path("failover.yaml"), "FAILOVER_LOG_LEVEL": "warning",
            "ANTHROPIC_API_KEY": "sk-ant-dispatch-000000000000000", "TASK_RUNNER": crash,
            // The systemd layout: the dispatcher marks the cycle and the path unit renders.
            "CYCLE_DONE": scratch.path("cycle-done"), "METRICS_TEXTFILE": scratch.path("failover.prom"),
        ])
        try #require(run.status == 0, "dispatcher: \(run.output)")
        #expect(!run.output.contains("moved"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("cycle-done")), "the cycle is marked for failover-render.path")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("public")), "and the render is left to it")
        let metrics = try Exposition(try String(contentsOfFile: scratch.path("failover.prom"), encoding: .utf8))
        #expect(metrics.value("failover_agent_tier", ["agent": "coder-1", "provider": "anthropic"]) == 1)
        #expect(metrics.value("failover_agent_last_failure_info", ["agent": "coder-1"]) == nil, "kind other moves nothing")
        #expect(metrics.value("failover_ledger_events_total", ["kind": "step_down"]) == 0)
    }
}
