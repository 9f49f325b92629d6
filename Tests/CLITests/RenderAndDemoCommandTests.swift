import Foundation
import Testing

@Suite struct RenderAndDemoCommandTests {
    @Test func demoBuildsADayAndRendersIt() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("demo")
        let result = try CLI.run(["demo", "--out", out, "--now", "2026-11-24T18:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Site:    \(out)/public/index.html"))
        let index = try String(contentsOfFile: out + "/public/index.html", encoding: .utf8)
        #expect(index.contains("⛽"), "the budget overrun shows")
        #expect(index.contains("✕"), "the operator's pause shows")
        #expect(index.contains("tier-2"), "a degraded agent shows")
        let events = try CLI.run(["events", "--config", out + "/failover.yaml", "--limit", "1000", "--json"])
        let kinds = Set((try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
        #expect(kinds.isSuperset(of: ["step_down", "exhausted_pause", "recovered", "paused", "reset", "server_error_counted", "exhausted_wrap"]))
        let verify = try CLI.run(["verify", "--config", out + "/failover.yaml"])
        #expect(verify.status == 0)
        // A second run replaces its own folder.
        #expect(try CLI.run(["demo", "--out", out, "--now", "2026-11-24T18:00:00Z"]).status == 0)
    }

    @Test func demoRefusesSomeoneElsesFolder() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("mine/notes.txt", "keep me")
        let result = try CLI.run(["demo", "--out", scratch.path("mine")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("was not made by failover demo"))
        #expect(FileManager.default.fileExists(atPath: scratch.path("mine/notes.txt")))
    }

    @Test func renderWritesTheSiteAndRefusesAForeignFolder() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", "agent_types:\n  coder:\n    instances: [coder-1]\n    provider: anthropic\n    model: m\n")
        var result = try CLI.run(["render", "--config", scratch.path("failover.yaml"), "--now", "2026-11-24T10:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("rendered "))
        #expect(FileManager.default.fileExists(atPath: scratch.path("public/index.html")))
        try scratch.write("elsewhere/important.txt", "x")
        result = try CLI.run(["render", "--config", scratch.path("failover.yaml"), "--out", scratch.path("elsewhere")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not written by failover render"))
        result = try CLI.run(["render", "--config", scratch.path("failover.yaml"), "--templates", scratch.path("nowhere")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("templates folder not found"))
    }
}
