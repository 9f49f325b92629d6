import Foundation
import Testing

/// The dispatcher's environment as bytes: a key variable that is not UTF-8 is treated like an unset
/// one, never written repaired (with U+FFFD in it) into an env file.
@Suite struct EnvironmentBytesCLITests {
    static let config = """
        agent_types:
          coder:
            instances: [coder-1]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: ollama, model: "qwen3-coder:30b" }
        """

    /// Runs the binary under `sh`, which puts the raw bytes into ANTHROPIC_API_KEY: Foundation's
    /// `Process` takes the environment as Swift strings and could not.
    func run(_ arguments: [String], keyBytes: String) throws -> CLI.Result {
        let script = #"ANTHROPIC_API_KEY="$(printf '\#(keyBytes)')"; export ANTHROPIC_API_KEY; exec "$@""#
        return try CLI.run(arguments, input: nil, via: ["/bin/sh", "-c", script, "sh"])
    }

    @Test func aKeyThatIsNotUTF8LeavesTheEnvFileAndHoldsTheAgent() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", Self.config)
        let arguments = ["cycle", "--json", "--config", file, "--now", "2026-11-24T12:00:00Z"]
        let good = try run(arguments, keyBytes: "abcdefghijkl")
        #expect(good.status == 0, "\(good.stderr)")
        let envFile = scratch.path("var/env/coder-1.env")
        let before = try String(contentsOfFile: envFile, encoding: .utf8)
        #expect(before.contains("ANTHROPIC_API_KEY=abcdefghijkl\n"))

        let bad = try run(arguments, keyBytes: #"abcdefgh\205ijkl"#)
        #expect(bad.status == 0, "\(bad.stderr)")
        #expect(try String(contentsOfFile: envFile, encoding: .utf8) == before, "the env file was rewritten")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        let agent = try #require((plan["agents"] as? [[String: Any]])?.first)
        #expect(agent["dispatchable"] as? Bool == false)
        let warnings = (agent["warnings"] as? [String] ?? []).joined(separator: "\n") + bad.stderr
        #expect(warnings.contains("ANTHROPIC_API_KEY in the dispatcher's environment is not valid UTF-8"), "\(warnings)")
        for text in [bad.stdout, bad.stderr] {
            #expect(!text.contains("abcdefgh") && !text.contains("ijkl") && !text.contains("\u{FFFD}"), "the value was shown: \(text)")
        }
    }
}
