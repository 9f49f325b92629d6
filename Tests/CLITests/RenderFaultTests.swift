import Foundation
import Testing

/// `kill -9` of the real `failover render` at random moments: the next render must succeed, publish a
/// complete, consistent site, and leave no staging or temporary debris.
@Suite struct RenderFaultTests {
    /// SplitMix64: the same delays on every run, so a failure can be replayed.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func next(below bound: UInt64) -> UInt64 { next() % bound }
    }

    static func startRender(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["render"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Sixty agents through thirty days, each failing over and recovering once a day: 3,600 ledger
    /// events, 30 day pages and 120 agent files, a full render of a few hundred milliseconds.
    static func buildFleet(in folder: String) throws -> String {
        let types = ["coder", "reviewer", "planner"]
        var yaml = "agent_types:\n"
        for type in types {
            yaml += """
                  \(type):
                    instances: [\((1...20).map { "\(type)-\($0)" }.joined(separator: ", "))]
                    provider_chain:
                      - { provider: anthropic, model: claude-sonnet-4-5 }
                      - { provider: deepseek, model: deepseek-chat }
                    failover: { cooldown: 15m }

                """
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = folder + "/failover.yaml"
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        var lines: [String] = []
        for day in 1...30 {
            for type in types {
                for index in 1...20 {
                    let at = String(format: "2026-10-%02dT%02d:", day, index % 24)
                    lines.append(#"{"agent":"\#(type)-\#(index)","at":"\#(at)00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key","tier":1}"#)
                    lines.append(#"{"agent":"\#(type)-\#(index)","at":"\#(at)40:00Z","outcome":"success","input_tokens":1000,"output_tokens":300,"tier":2}"#)
                }
            }
        }
        #expect(try CLI.run(["cycle", "--config", config, "--now", "2026-10-01T00:00:00Z"], environment: ["FAILOVER_LOG_LEVEL": "error"]).status == 0)
        // Quiet: a notice per event would fill the stderr pipe the harness reads last.
        let recorded = try CLI.run(["record", "--config", config, "--now", "2026-10-31T00:00:00Z"], stdin: lines.joined(separator: "\n") + "\n",
                                   environment: ["FAILOVER_LOG_LEVEL": "error"])
        #expect(recorded.status == 0 && recorded.stdout.contains("recorded 3600 outcome(s)"), "\(recorded.stdout)")
        return config
    }

    @Test func killedRendersNeverBreakTheSiteNorLeaveDebris() throws {
        let scratch = try ScratchDirectory()
        let config = try Self.buildFleet(in: scratch.path("fleet")), site = scratch.path("fleet/public")
        // Two template sets that differ in one comment: alternating them makes every render rebuild
        // every page, so each render takes its full time and a kill can land anywhere in it.
        var variants: [String] = []
        for name in ["a", "b"] {
            let folder = scratch.path("templates-\(name)")
            try FileManager.default.copyItem(atPath: CLI.repositoryRoot.appendingPathComponent("templates").path, toPath: folder)
            let layout = folder + "/layout.mustache"
            try (String(contentsOfFile: layout, encoding: .utf8) + "{{! variant \(name) }}\n").write(toFile: layout, atomically: true, encoding: .utf8)
            variants.append(folder)
        }
        func arguments(_ round: Int, _ attempt: Int) -> [String] {
            ["--config", config, "--templates", variants[(round + attempt) % 2], "--now", String(format: "2026-10-31T00:%02d:%02dZ", round + 1, attempt)]
        }
        let started = Date()
        #expect(try CLI.run(["render"] + arguments(0, 9)).status == 0)
        // A kill window inside a whole render, process start included: renders on a loaded machine vary,
        // and a kill after the render ended tests nothing.
        let window = UInt64(max(0.05, Date().timeIntervalSince(started)) * 0.8 * 1_000_000)

        var rng = Seeded(state: 20261124)
        var killed = 0, attempts = 0
        for round in 1...10 {
            for attempt in 0..<Int(1 + rng.next(below: 3)) {
                let render = try Self.startRender(arguments(round, attempt))
                usleep(useconds_t(rng.next(below: window)))
                let wasRunning = render.isRunning
                kill(render.processIdentifier, SIGKILL)
                render.waitUntilExit()
                attempts += 1
                if wasRunning, render.terminationReason == .uncaughtSignal { killed += 1 }
            }
            let now = String(format: "2026-10-31T00:%02d:59Z", round + 1)
            let result = try CLI.run(["render", "--config", config, "--templates", variants[round % 2], "--now", now])
            #expect(result.status == 0, "round \(round): \(result.stderr)")
            try SiteCheck.expectComplete(site)
            try SiteCheck.expectNoDebris(besides: site)
            #expect(try String(contentsOfFile: site + "/status.json", encoding: .utf8).contains(now), "round \(round): the site is the last render's")
            let index = try Data(contentsOf: URL(fileURLWithPath: site + "/index.html"))
            #expect(try gunzipped(site + "/index.html.gz") == index, "round \(round): index.html.gz is its page's twin")
        }
        #expect(killed >= attempts / 3, "many kills must land while render runs (\(killed) of \(attempts)); the window is \(window) µs")
    }

    func gunzipped(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
