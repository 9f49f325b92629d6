import ConfigLoader
import FailoverCore
import Foundation
import TestSupport
import Testing

/// specs/config.md and specs/failover.md "Limits and bad input": every bound is checked where the
/// value enters, and no message repeats a key, carries a control character or quotes the file.
@Suite struct HostileConfigTests {
    static let key = "sk-ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"

    static func withType(_ extra: String = "", model: String = "deepseek-chat") -> String {
        """
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: \(model) }
        \(extra)
        """
    }

    @Test(arguments: [
        ("    failover: { cooldown: 106751991167300d }", "agent_types.coder.failover.cooldown", "is longer than the maximum of 30d"),
        ("    failover: { cooldown: 31d }", "agent_types.coder.failover.cooldown", "is longer than the maximum of 30d"),
        ("service: { usage_window: 367d }", "service.usage_window", "is longer than the maximum window of 366d"),
        ("service: { stale_after: 99999999999999999999999h }", "service.stale_after", "is longer than the maximum of 30d"),
        ("    failover: { server_error_after: 1001 }", "agent_types.coder.failover.server_error_after", "must be 1 to 1000, got 1001"),
    ])
    func durationsAndCountsHaveAMaximum(extra: String, path: String, message: String) throws {
        let problem = try #require(Fixtures.diagnostic(Self.withType(extra), at: ConfigPath(parsing: path)))
        #expect(problem.severity == .error)
        #expect(problem.message.contains(message), "\(problem.message)")
    }

    /// A whole number too large for any integer is over the key's limit, and says which.
    @Test(arguments: [
        ("    usage_threshold_tokens: 9223372036854775808", "agent_types.coder.usage_threshold_tokens", #""9223372036854775808" is over the limit of 9223372036854775807"#),
        ("    usage_threshold_tokens: 99_999_999_999_999_999_999", "agent_types.coder.usage_threshold_tokens", #""99_999_999_999_999_999_999" is over the limit of 9223372036854775807"#),
        ("    failover: { server_error_after: 99999999999999999999 }", "agent_types.coder.failover.server_error_after", #""99999999999999999999" is over the limit of 1000"#),
    ])
    func numbersPastAnyIntegerAreOverTheLimit(extra: String, path: String, message: String) throws {
        let problem = try #require(Fixtures.diagnostic(Self.withType(extra), at: ConfigPath(parsing: path)))
        #expect(problem.message == message)
    }

    @Test(arguments: ["- coder-1\n- coder-2\n", "[]\n", "just text\n"])
    func aTopLevelThatIsNotAMappingSaysSo(yaml: String) throws {
        let report = Fixtures.check(yaml)
        let problem = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1, "\(report.diagnostics)")
        #expect(problem.message.hasPrefix("the top level must be a mapping of service:, providers:, agent_types: and control:, got "), "\(problem.message)")
        #expect(!problem.message.contains("empty"))
    }

    @Test func nestingTooDeepSaysHowDeep() throws {
        let report = Fixtures.check("agent_types: " + String(repeating: "[", count: 1100) + String(repeating: "]", count: 1100) + "\n")
        let problem = try #require(report.diagnostics.first)
        #expect(problem.message == "YAML: nested deeper than 1000 levels; a config needs no more than five")
    }

    /// The database's side files (`-wal`, `-shm`, and the temporary name it is created under) must
    /// fit in a file name too.
    @Test func aDatabaseNameTooLongForItsSideFilesIsRefused() throws {
        let name = String(repeating: "d", count: 201)
        let problem = try #require(Fixtures.diagnostic(Self.withType("service: { database: var/\(name) }"), at: "service.database"))
        #expect(problem.message.hasPrefix("the file name is 201 bytes; at most 200"), "\(problem.message)")
        #expect(Fixtures.check(Self.withType("service: { database: var/\(String(repeating: "d", count: 200)) }")).isValid)
        #expect(Fixtures.check(Self.withType("service: { database: \"postgres://h/\(name)\" }")).diagnostics.allSatisfy { $0.path != "service.database" })
    }

    @Test func limitsAtTheirMaximumAreAccepted() {
        let report = Fixtures.check(Self.withType("    failover: { cooldown: 30d, server_error_after: 1000 }\nservice: { usage_window: 366d, stale_after: 30d }"))
        #expect(report.isValid, "\(report.diagnostics)")
    }

    @Test(arguments: [
        (#"deepseek-chat\0"#, "U+0000 at character 14"),
        (#"deep\nseek"#, "U+000A at character 5"),
        (#"deep\rseek"#, "U+000D at character 5"),
        (#"\e[31mred"#, "U+001B at character 1"),
        (#"deep\u202Eseek"#, "U+202E at character 5"),
    ])
    func controlCharactersInAModelAreRefused(model: String, found: String) throws {
        let problem = try #require(Fixtures.diagnostic(Self.withType(model: "\"\(model)\""), at: "agent_types.coder.provider_chain[1].model"))
        #expect(problem.message == "must not contain control characters (found \(found)); they would corrupt env files and logs")
    }

    @Test(arguments: [
        "service: { site_title: \"a\\nb\" }",
        "service: { env_dir: \"var/\\0env\" }",
        "providers: { deepseek: { base_url: \"https://api.deepseek.com/\\u0007\" } }",
        "control: { coder-1: { reset: \"x\\ny\" } }",
    ])
    func controlCharactersAnywhereTheyTravelAreRefused(extra: String) {
        let report = Fixtures.check(Self.withType(extra))
        #expect(!report.isValid)
        #expect(report.diagnostics.contains { $0.message.contains("control characters") }, "\(report.diagnostics)")
    }

    @Test func aKeyPastedAsAResetValueIsAnErrorThatDoesNotRepeatIt() {
        let report = Fixtures.check(Self.withType("control: { coder-1: { reset: \"\(Self.key)\" } }"))
        #expect(!report.isValid)
        #expect(report.diagnostics.contains { $0.path == "control.coder-1.reset" && $0.message.contains("looks like an API key") })
        for diagnostic in report.diagnostics { #expect(!Hostile.leaks(Self.key, in: diagnostic.formatted(file: "f"))) }
    }

    @Test func aKeyAsModelInstanceOrControlNameIsRefusedUnseen() {
        let yaml = """
            agent_types:
              coder:
                instances: [\(Self.key)]
                provider_chain:
                  - { provider: anthropic, model: "\(Self.key)" }
            control:
              "\(Self.key)": { paused: true }
            """
        let report = Fixtures.check(yaml)
        #expect(!report.isValid)
        #expect(report.diagnostics.count >= 3)
        for diagnostic in report.diagnostics { #expect(!Hostile.leaks(Self.key, in: diagnostic.formatted(file: "f")), "\(diagnostic)") }
    }

    @Test func aKeyFromTheEnvironmentIsRecognisedWhateverItsShape() {
        let plain = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        let report = ConfigLoader.check(yaml: Self.withType("control: { coder-1: { reset: \"\(plain)\" } }"), file: "f", environment: ["DEEPSEEK_API_KEY": plain])
        #expect(report.diagnostics.contains { $0.path == "control.coder-1.reset" && $0.message.contains("looks like an API key") })
        #expect(!report.diagnostics.contains { $0.formatted(file: "f").contains(plain) })
    }

    static let groq = "providers: { groq: { base_url: \"https://api.groq.com/openai\", api_key_env: GROQ_API_KEY } }"

    /// Below the floor a key cannot be redacted without blanking ordinary words: the operator is
    /// told which variable, never its value.
    @Test func aProviderKeyBelowTheRedactionFloorIsAWarning() {
        let report = ConfigLoader.check(yaml: Self.withType(Self.groq), file: "f", environment: ["GROQ_API_KEY": "Gq7xZ2p", "DEEPSEEK_API_KEY": "Gq7xZ2pQ"])
        #expect(report.isValid, "\(report.diagnostics)")
        let warnings = report.diagnostics.warnings
        #expect(warnings.map(\.path) == ["providers.groq.api_key_env"], "a key of 8 characters is redacted, so not warned about")
        #expect(warnings.first?.message.hasPrefix("GROQ_API_KEY holds a 7-character value; a key shorter than 8 characters cannot be redacted reliably") == true, "\(warnings)")
        #expect(!report.diagnostics.contains { $0.formatted(file: "f").contains("Gq7xZ2p") })
        #expect(ConfigLoader.check(yaml: Self.withType(Self.groq), file: "f", environment: ["GROQ_API_KEY": ""]).diagnostics.isEmpty, "an empty variable is no key")
    }

    /// A value equal to a provider's key is refused whatever its length; a name that is one is not shown.
    @Test func aConfigValueThatIsAProviderKeyIsRefusedWhateverItsLength() {
        let yaml = Self.withType(Self.groq + "\ncontrol: { Gq7xZ2p: { paused: true } }", model: "Gq7xZ2p")
        let report = ConfigLoader.check(yaml: yaml, file: "f", environment: ["GROQ_API_KEY": "Gq7xZ2p"])
        #expect(!report.isValid)
        #expect(report.diagnostics.contains { $0.path == "agent_types.coder.provider_chain[1].model" && $0.message.contains("looks like an API key") })
        #expect(report.diagnostics.contains { $0.path == ConfigPath("control", "[redacted]") && $0.severity == .error }, "\(report.diagnostics)")
        #expect(!report.diagnostics.contains { $0.formatted(file: "f").contains("Gq7xZ2p") })
    }

    /// A YAML error comes before the config names its providers: the keys are recognised by the
    /// names of the variables that hold them.
    @Test func aYAMLErrorRedactsKeysKnownFromTheEnvironmentAlone() throws {
        let key = "GROQSECRETshort1234567890abcd"
        let yaml = Self.withType("control:\n  \(key): { paused: true }\n  \(key): { paused: false }")
        let report = ConfigLoader.check(yaml: yaml, file: "f", environment: ["GROQ_API_KEY": key])
        let problem = try #require(report.diagnostics.first)
        #expect(problem.message == "YAML: duplicate key \"[redacted]\" in one mapping; keep one of them")
    }

    @Test(arguments: ["0f1e2d3c4b5a69788796a5b4c3d2e1f0aa", "sk-0123456789abcdefghijklmnop"])
    func anAPIKeyEnvHoldingTheKeyItselfIsRefusedUnseen(value: String) throws {
        let report = Fixtures.check(Self.withType("providers: { deepseek: { api_key_env: \(value) } }"))
        let problem = try #require(report.diagnostics.first { $0.path == "providers.deepseek.api_key_env" })
        #expect(problem.severity == .error)
        #expect(!problem.formatted(file: "f").contains(value))
    }

    @Test func variableNamesAreStillNames() {
        #expect(Fixtures.check(Self.withType("providers: { deepseek: { api_key_env: DEEPSEEK_API_KEY_2 }, mine: { base_url: \"http://h\", api_key_env: my_provider_key } }")).isValid)
    }

    /// A duplicate key used to print the whole file: now one positioned line, whatever the file's size.
    @Test func aDuplicateKeyInAHugeFileIsOneShortLine() throws {
        let filler = (0..<20_000).map { "  # padding line \($0) with some words to make the file large" }.joined(separator: "\n")
        let yaml = Self.withType() + "\n" + filler + "\nagent_types:\n  x: {}\n"
        let report = Fixtures.check(yaml)
        let problem = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1)
        #expect(problem.message == "YAML: duplicate key \"agent_types\" in one mapping; keep one of them")
        #expect(problem.line != nil)
        #expect(problem.formatted(file: "f").count < 200)
    }

    @Test func aFileThatIsNotUTF8NamesItsLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("failover.yaml").path
        try (Data(Self.withType().utf8) + Data([0x0A, 0x23, 0xFF, 0x0A])).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigError.self) { try ConfigLoader.check(path: path) }
        do { _ = try ConfigLoader.check(path: path) } catch {
            #expect("\(error)".contains("line 8 is not UTF-8"), "\(error)")
        }
        let huge = folder.appendingPathComponent("huge.yaml").path
        try Data(count: ConfigLoader.maximumFileSize + 1).write(to: URL(fileURLWithPath: huge))
        do { _ = try ConfigLoader.check(path: huge); Issue.record("a 9 MB config was read") } catch {
            #expect("\(error)".contains("at most 8 MiB"))
        }
    }

    /// Seeded mutations of a valid config: hostile values in every field, broken YAML, duplicated and
    /// deleted lines. Nothing traps; an invalid result has errors; every message is one clean line.
    @Test func mutatedConfigsNeverTrapAndAlwaysExplain() throws {
        let base = try String(contentsOfFile: Fixtures.examplePath, encoding: .utf8)
        let lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var rng = SeededGenerator(seed: 2026)
        for round in 0..<Hostile.iterations(300) {
            var mutated = lines
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: mutated[index] = mutated[index].replacingOccurrences(of: ": ", with: ": \(Hostile.string(&rng).prefix(300))")
                case 1: mutated[index] += " \"\(Hostile.string(&rng).prefix(300).replacingOccurrences(of: "\"", with: "'"))\""
                case 2: mutated.insert(mutated[index], at: index)
                case 3: mutated.remove(at: index)
                default: mutated[index] = mutated[index].replacingOccurrences(of: ":", with: ": \(Hostile.integer(&rng))")
                }
            }
            let report = Fixtures.check(mutated.joined(separator: "\n"))
            if !report.isValid { #expect(report.diagnostics.hasErrors, "round \(round)") }
            for diagnostic in report.diagnostics {
                let line = diagnostic.formatted(file: "failover.yaml")
                #expect(!line.unicodeScalars.contains(where: TerminalText.isControl), "round \(round): \(line)")
                #expect(line.count < 2000, "round \(round)")
            }
        }
    }
}
