import FailoverCore
import Foundation
import Testing

/// `failover metrics` and the site's `metrics.prom`, checked by Prometheus's own tools: promtool's
/// linter (Debian's `prometheus`) and a real node_exporter (`prometheus-node-exporter`) reading the
/// textfile over HTTP on loopback.
@Suite struct MetricsCLITests {
    /// A model name with a quote and a backslash (validate refuses line breaks, so those cannot reach
    /// a label), and a non-ASCII one, on the tiers the scenario leaves agents on.
    static let config = """
        service: { usage_window: 24h }
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: ollama, model: 'qwen3 "coder" \\ 30b' }
            usage_threshold_tokens: 5000
          reviewer:
            provider: ollama
            model: "modèle-ü"
            instances: [reviewer-1]
        control:
          coder-2: { paused: true }
        """
    static let hostileModel = #"qwen3 "coder" \ 30b"#

    /// coder-1 steps down on auth at 10:00; coder-3 steps down, then exhausts its chain (quota);
    /// coder-2 is paused by the operator; reviewer-1 succeeds.
    static let outcomes = """
        {"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":100,"output_tokens":50}
        {"agent":"coder-3","at":"2026-11-24T10:00:00Z","outcome":"error","status":429,"error_type":"insufficient_quota","message":"quota","tier":1}
        {"agent":"coder-3","at":"2026-11-24T10:01:00Z","outcome":"error","status":429,"error_type":"insufficient_quota","message":"quota","tier":2}
        {"agent":"reviewer-1","at":"2026-11-24T10:02:00Z","outcome":"success","input_tokens":1000,"output_tokens":0}
        """

    static let environment = ["ANTHROPIC_API_KEY": "sk-ant-metrics-000000000000000"]

    /// A scratch fleet run through the scenario by the real binary.
    static func scenario() throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", config)
        try #require(try cli(scratch, ["cycle"], at: "2026-11-24T09:59:00Z").status == 0)
        let recorded = try cli(scratch, ["record"], stdin: outcomes, at: "2026-11-24T10:03:00Z")
        try #require(recorded.status == 0, "record: \(recorded.stderr)")
        return scratch
    }

    @discardableResult
    static func cli(_ scratch: ScratchDirectory, _ arguments: [String], stdin: String? = nil, at: String) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", scratch.path("failover.yaml"), "--now", at], stdin: stdin, environment: environment)
    }

    /// What the scenario must show at 10:05, whoever serves it.
    static func expectScenario(_ metrics: Exposition, sourceLocation: SourceLocation = #_sourceLocation) {
        func expect(_ name: String, _ labels: [String: String], _ value: Double?) {
            #expect(metrics.value(name, labels) == value, "\(name)\(labels)", sourceLocation: sourceLocation)
        }
        expect("failover_agent_tier", ["agent": "coder-1", "type": "coder", "provider": "ollama", "model": hostileModel], 2)
        expect("failover_agent_tier", ["agent": "coder-2", "provider": "anthropic", "model": "claude-sonnet-4-5"], 1)
        expect("failover_agent_tier", ["agent": "reviewer-1", "type": "reviewer", "model": "modèle-ü"], 1)
        expect("failover_agent_chain_tiers", ["agent": "reviewer-1"], 1)
        expect("failover_agent_paused", ["agent": "coder-1", "reason": ""], 0)
        expect("failover_agent_paused", ["agent": "coder-2", "reason": "operator"], 1)
        expect("failover_agent_paused", ["agent": "coder-3", "reason": "exhausted"], 1)
        // Cooldown 15m from 10:00, seen at 10:05.
        expect("failover_agent_cooldown_seconds", ["agent": "coder-1"], 600)
        expect("failover_agent_cooldown_seconds", ["agent": "coder-2"], 0)
        expect("failover_agent_last_failure_age_seconds", ["agent": "coder-1"], 300)
        expect("failover_agent_last_failure_age_seconds", ["agent": "coder-3"], 240)
        expect("failover_agent_last_failure_age_seconds", ["agent": "coder-2"], nil)
        expect("failover_agent_last_failure_timestamp_seconds", ["agent": "coder-1"], Double(Timestamp(rfc3339: "2026-11-24T10:00:00Z")!.seconds))
        expect("failover_agent_last_failure_info", ["agent": "coder-1", "kind": "auth"], 1)
        expect("failover_agent_last_failure_info", ["agent": "coder-3", "kind": "quota"], 1)
        #expect(metrics.all("failover_agent_last_failure_info").count == 2, "none for agents that never failed", sourceLocation: sourceLocation)
        expect("failover_type_usage_tokens", ["type": "coder", "window": "24h"], 150)
        expect("failover_type_usage_tokens", ["type": "reviewer", "window": "24h"], 1000)
        expect("failover_type_usage_threshold_tokens", ["type": "coder"], 5000)
        expect("failover_type_usage_threshold_tokens", ["type": "reviewer"], nil)
        expect("failover_ledger_events_total", ["kind": "created"], 4)
        expect("failover_ledger_events_total", ["kind": "step_down"], 2)
        expect("failover_ledger_events_total", ["kind": "exhausted_pause"], 1)
        expect("failover_ledger_events_total", ["kind": "paused"], 1)
        expect("failover_ledger_events_total", ["kind": "recovered"], 0)
        #expect(metrics.types["failover_ledger_events_total"] == "counter", sourceLocation: sourceLocation)
        #expect(metrics.types["failover_agent_tier"] == "gauge", sourceLocation: sourceLocation)
    }

    static let at = "2026-11-24T10:05:00Z"
    static var atSeconds: Double { Double(Timestamp(rfc3339: at)!.seconds) }

    @Test func theVerbsOutputPassesPromtoolAndShowsTheFleet() throws {
        let promtool = try ExternalTool.path("promtool", package: "prometheus")
        let scratch = try Self.scenario()
        let printed = try Self.cli(scratch, ["metrics"], at: Self.at)
        try #require(printed.status == 0, "metrics: \(printed.stderr)")
        let lint = try ExternalTool.run(promtool, ["check", "metrics"], input: Data(printed.stdout.utf8))
        #expect(lint.status == 0 && lint.output.isEmpty, "promtool check metrics: \(lint.output)")
        let metrics = try Exposition(printed.stdout)
        Self.expectScenario(metrics)
        #expect(metrics.value("failover_metrics_generated_timestamp_seconds") == Self.atSeconds)
        #expect(metrics.value("failover_last_render_timestamp_seconds") == nil, "the verb renders nothing")
        // Every family carries HELP and TYPE, and the escaped label sits on one line as written.
        #expect(Set(metrics.samples.map(\.name)).isSubset(of: metrics.helps))
        #expect(Set(metrics.samples.map(\.name)).isSubset(of: Set(metrics.types.keys)))
        #expect(printed.stdout.contains(#"model="qwen3 \"coder\" \\ 30b"} 2"#))
        #expect(metrics.samples.allSatisfy { $0.timestamp == nil }, "no sample carries a timestamp: node_exporter refuses them in textfiles")
    }

    @Test func theSitesMetricsFileMatchesTheVerbAndPassesPromtool() throws {
        let promtool = try ExternalTool.path("promtool", package: "prometheus")
        let scratch = try Self.scenario()
        let rendered = try Self.cli(scratch, ["render"], at: Self.at)
        try #require(rendered.status == 0, "render: \(rendered.stderr)")
        let file = try String(contentsOfFile: scratch.path("public/metrics.prom"), encoding: .utf8)
        let lint = try ExternalTool.run(promtool, ["check", "metrics"], input: Data(file.utf8))
        #expect(lint.status == 0 && lint.output.isEmpty, "promtool check metrics: \(lint.output)")
        let metrics = try Exposition(file)
        Self.expectScenario(metrics)
        #expect(metrics.value("failover_last_render_timestamp_seconds") == Self.atSeconds)
        let printed = try Self.cli(scratch, ["metrics"], at: Self.at).stdout
        #expect(file.replacingOccurrences(of: "failover_last_render_timestamp_seconds", with: "")
            .replacingOccurrences(of: "Unix time of the render that wrote this file.", with: "")
            == printed.replacingOccurrences(of: "failover_metrics_generated_timestamp_seconds", with: "")
            .replacingOccurrences(of: "Unix time at which failover metrics read the store.", with: ""),
            "the site and the verb print the same families but for their stamp")
        #expect(FileManager.default.fileExists(atPath: scratch.path("public/metrics.prom.gz")), "gzipped for nginx like the rest")
    }

    @Test func nodeExporterServesTheTextfileOverHTTP() throws {
        let exporter = try ExternalTool.path("prometheus-node-exporter", package: "prometheus-node-exporter")
        let scratch = try Self.scenario()
        let folder = scratch.path("textfiles")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let written = try Self.cli(scratch, ["metrics", "--textfile", folder + "/failover.prom"], at: Self.at)
        try #require(written.status == 0, "metrics --textfile: \(written.stderr)")
        #expect(written.stdout.contains(folder + "/failover.prom"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["failover.prom"], "no temporary file left beside it")

        let server = try LoopbackServer(exporter, log: URL(fileURLWithPath: scratch.path("node-exporter.log")), readyPath: "/metrics") { port in
            ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.textfile",
             "--collector.textfile.directory=\(folder)"]
        }
        let scraped = try HTTPProbe.get(server.url("/metrics"))
        #expect(scraped.status == 200)
        let metrics = try Exposition(scraped.text)
        #expect(metrics.value("node_textfile_scrape_error") == 0, "node_exporter read the file: \(server.output)")
        Self.expectScenario(metrics)
        #expect(metrics.value("failover_metrics_generated_timestamp_seconds") == Self.atSeconds)

        // A later write replaces the file whole, and the next scrape sees it: coder-1 recovers.
        let recovered = try Self.cli(scratch, ["record"], stdin: #"{"agent":"coder-1","at":"2026-11-24T10:20:00Z","outcome":"success","tier":2}"#, at: "2026-11-24T10:20:00Z")
        try #require(recovered.status == 0, "record: \(recovered.stderr)")
        try #require(try Self.cli(scratch, ["metrics", "--textfile", folder + "/failover.prom"], at: "2026-11-24T10:21:00Z").status == 0)
        let again = try Exposition(try HTTPProbe.get(server.url("/metrics")).text)
        #expect(again.value("failover_agent_tier", ["agent": "coder-1", "provider": "anthropic"]) == 1)
        #expect(again.value("failover_ledger_events_total", ["kind": "recovered"]) == 1)
        #expect(again.value("node_textfile_scrape_error") == 0)
    }

    @Test func aTextfileNodeExporterWouldIgnoreIsRefused() throws {
        let scratch = try Self.scenario()
        for name in ["failover.txt", ".prom", ".hidden.prom"] {
            let refused = try Self.cli(scratch, ["metrics", "--textfile", scratch.path(name)], at: Self.at)
            #expect(refused.status == 1, "\(name)")
            #expect(refused.stderr.contains("*.prom") || refused.stderr.contains("starts with a dot"), "\(name): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path(name)))
        }
        let missingFolder = try Self.cli(scratch, ["metrics", "--textfile", scratch.path("no/such/failover.prom")], at: Self.at)
        #expect(missingFolder.status == 1 && missingFolder.stderr.contains("nothing was replaced"), "\(missingFolder.stderr)")
    }
}
