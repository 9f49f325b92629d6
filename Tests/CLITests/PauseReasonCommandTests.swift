import Foundation
import Testing

/// Why an agent is paused decides what brings it back, through the real binary: `paused: false` lifts
/// an operator's pause only; an exhausted chain waits for a reset (specs/failover.md, "Control").
@Suite struct PauseReasonCommandTests {
    static let auth = #""outcome":"error","status":401,"error_type":"authentication_error","message":"bad key""#

    @Test func pausedFalseLeavesAnExhaustedAgentPausedUntilAReset() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", CLIFleets.twoCoders + "\ncontrol: {}\n")
        #expect(try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T08:00:00Z"]).status == 0)
        let lines = [1, 2].map { #"{"agent":"coder-1","at":"2026-11-24T09:00:0\#($0)Z",\#(Self.auth)}"# }.joined(separator: "\n")
        let record = try CLI.run(["record", "--config", config, "--now", "2026-11-24T09:01:00Z"], stdin: lines)
        #expect(record.status == 0, "\(record.stderr)")

        func reason() throws -> Any? {
            let status = try CLI.run(["status", "--config", config, "--json", "--now", "2026-11-24T10:00:00Z"])
            let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
            return agents.first { $0["name"] as? String == "coder-1" }?["pause_reason"]
        }
        #expect(try reason() as? String == "exhausted")

        try (CLIFleets.twoCoders + "\ncontrol:\n  coder-1: { paused: false }\n").write(toFile: config, atomically: true, encoding: .utf8)
        let unpause = try CLI.run(["cycle", "--config", config, "--json", "--now", "2026-11-24T10:00:00Z"])
        #expect(unpause.status == 0, "\(unpause.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(unpause.stdout.utf8)) as? [String: Any])
        #expect((plan["events"] as? [Any])?.isEmpty == true, "no unpaused event: \(unpause.stdout)")
        #expect(try reason() as? String == "exhausted", "paused: false does not lift an exhausted pause")
        let warnings = plan["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.hasPrefix("control.coder-1.paused: false does not lift a pause at the end of the chain") && $0.hasSuffix(#"set control.coder-1.reset to a new value, e.g. reset: "2026-11-24T10:00:00Z""#) },
                "the operator is told: \(unpause.stdout)")
        let text = try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T10:01:00Z"])
        #expect(text.stderr.contains("control.coder-1.paused: false does not lift a pause at the end of the chain"), "\(text.stdout)\(text.stderr)")

        try (CLIFleets.twoCoders + "\ncontrol:\n  coder-1: { paused: false, reset: \"r1\" }\n").write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T10:05:00Z"]).status == 0)
        let lifted = try CLI.run(["cycle", "--config", config, "--now", "2026-11-24T10:06:00Z"])
        #expect(!lifted.stderr.contains("does not lift") && !lifted.stdout.contains("does not lift"), "no note once the reset lifted it")
        #expect(try reason() is NSNull, "a reset lifts it")
    }
}
