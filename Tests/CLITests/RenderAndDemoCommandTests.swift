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
        #expect(index.contains(#"<span class="fuel" role="img""#), "the budget overrun shows")
        #expect(index.contains(#"<span class="tier tier-paused" role="img""#), "the operator's pause shows")
        #expect(index.contains("tier-2"), "a degraded agent shows")
        let events = try CLI.run(["events", "--config", out + "/failover.yaml", "--limit", "1000", "--json"])
        let kinds = Set((try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
        #expect(kinds.isSuperset(of: ["step_down", "exhausted_pause", "recovered", "paused", "reset", "server_error_counted", "exhausted_wrap"]))
        // Both kinds of pause are on show, and the status table tells them apart.
        let status = try CLI.run(["status", "--config", out + "/failover.yaml", "--now", "2026-11-24T18:00:00Z"]).stdout
        let rows = Dictionary(status.split(separator: "\n").map { (String($0.prefix { $0 != " " }), String($0)) }) { first, _ in first }
        #expect(rows["coder-1"]?.contains("✕ exhausted (tier 3)") == true, "\(status)")
        #expect(rows["coder-2"]?.contains("✕ paused (tier 1)") == true, "\(status)")
        let verify = try CLI.run(["verify", "--config", out + "/failover.yaml"])
        #expect(verify.status == 0)
        // A second run replaces its own folder.
        #expect(try CLI.run(["demo", "--out", out, "--now", "2026-11-24T18:00:00Z"]).status == 0)
    }

    /// The "Look around" lines are meant to be pasted: with a space and a quote in the folder's path,
    /// each still runs as printed in a POSIX shell. A stand-in `python3` checks the folder it is given.
    @Test func demoHintsRunAsPrintedWhenThePathHasASpaceAndAQuote() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.path("demo dir/it's here")
        let result = try CLI.run(["demo", "--out", out, "--now", "2026-11-24T18:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        let hints = result.stdout.split(separator: "\n").drop { !$0.hasPrefix("Look around:") }.dropFirst()
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(hints.count == 3, "\(result.stdout)")
        let bin = try scratch.write("bin/python3", "#!/bin/sh\n[ \"$1 $2 $3 $5\" = \"-m http.server --directory 8080\" ] && [ -f \"$4/index.html\" ]\n")
        chmod(bin, 0o755)
        for hint in hints {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", hint]
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = scratch.path("bin") + ":" + CLI.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment.removeValue(forKey: "FAILOVER_CONFIG")
            shell.environment = environment
            shell.standardOutput = FileHandle.nullDevice
            shell.standardError = FileHandle.nullDevice
            try shell.run()
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 0, "\(hint)")
        }
        #expect(hints.first == "failover status --config '\(scratch.url.path)/demo dir/it'\\''s here/failover.yaml'", "\(hints)")
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
