import FailoverCore
import Foundation
import Testing

/// An argument or path holding a line break or an escape cannot forge a line of failover's output,
/// and failover does not create paths with control characters in them.
@Suite struct ForgedLineTests {
    static let config = """
        agent_types:
          coder:
            instances: [coder-1]
            provider_chain:
              - { provider: ollama, model: "qwen3-coder:30b" }
        """

    /// stderr must be exactly as many lines as failover meant to write, none of them the forged one.
    func expectNoForgedLine(_ result: CLI.Result, _ context: String) {
        for line in (result.stdout + result.stderr).split(separator: "\n") {
            #expect(!line.hasPrefix("forged"), "\(context): \(line)")
        }
        #expect(result.status == 1, "\(context): exit \(result.status)")
    }

    @Test func argumentsWithLineBreaksStayOnTheirLine() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let config = ["--config", scratch.path("failover.yaml")]
        expectNoForgedLine(try CLI.run(["validate", "--config", scratch.path("nope\nforged: error line.yaml")]), "validate --config")
        expectNoForgedLine(try CLI.run(["events", "--limit", "1\nforged line"] + config), "events --limit")
        expectNoForgedLine(try CLI.run(["cycle", "--json", "\nforged argument"] + config), "an unexpected argument")
        expectNoForgedLine(try CLI.run(["record", "--file", scratch.path("no\nforged file")] + config), "record --file")
        let fromEnvironment = try CLI.run(["status"], environment: ["FAILOVER_CONFIG": scratch.path("x\nforged: from the environment")])
        expectNoForgedLine(fromEnvironment, "FAILOVER_CONFIG")
        #expect(fromEnvironment.stderr.contains("x\\u{A}forged"), "\(fromEnvironment.stderr)")
    }

    @Test func failoverCreatesNoPathWithAControlCharacter() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let config = ["--config", scratch.path("failover.yaml")]
        #expect(try CLI.run(["cycle"] + config).status == 0)
        for (arguments, created) in [(["render", "--out", scratch.path("o\nforged")], "o\nforged"), (["backup", scratch.path("b\u{1B}[2J.sqlite")], "b\u{1B}[2J.sqlite")] {
            let result = try CLI.run(arguments + config)
            expectNoForgedLine(result, arguments[0])
            #expect(result.stderr.contains("holds a control character"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path(created)), "\(arguments[0]) created it")
        }
    }

    /// Invisible reordering and line-separating characters are refused in config text like the C0 ones.
    @Test(arguments: ["\u{061C}", "\u{2028}", "\u{2029}", "\u{202E}"])
    func validateRefusesInvisibleLayoutCharacters(_ character: String) throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config.replacingOccurrences(of: "qwen3-coder:30b", with: "qwen\(character)coder"))
        let result = try CLI.run(["validate", "--config", scratch.path("failover.yaml")])
        #expect(result.status == 1 && result.stderr.contains("must not contain control characters"), "\(result.stderr)")
        #expect(!result.stderr.contains(character), "shown escaped")
    }
}
