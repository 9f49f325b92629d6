import Foundation
import Testing

/// The hostile configs of the input-limits trial, through the binary: each ends in a short, clear
/// error and exit 1, never a trap, a gigabyte of output or minutes of work.
@Suite struct ConfigLimitsCLITests {
    static let fleet = """
        agent_types:
          coder:
            instances: [coder-1]
            provider_chain: [{ provider: anthropic, model: m }]
        """

    /// The trial's 62 KB file: two thousand keys, used four thousand times, used to allocate over
    /// 500 MB and trap.
    @Test func anAliasBombIsOneErrorNamingTheFile() throws {
        let scratch = try ScratchDirectory()
        let mapping = (0..<2000).map { "k\($0): 1" }.joined(separator: ", ")
        let control = (0..<4000).map { "c\($0): *m" }.joined(separator: ", ")
        let file = try scratch.write("failover.yaml", "x: &m {\(mapping)}\n\(Self.fleet)\ncontrol: {\(control)}\n")
        for verb in ["validate", "cycle"] {
            let result = try CLI.run([verb, "--config", file])
            #expect(result.status == 1, "\(verb): exit \(result.status)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 2, "\(verb): \(result.stderr.prefix(500))")
            #expect(lines.first?.hasPrefix("\(file):6:") == true, "\(verb): \(lines.first ?? "")")
            #expect(result.stderr.contains("aliases expand"), "\(verb)")
        }
    }

    /// `instances: [*s, *s, …]`: every alias is one value, so the count of values is what is refused.
    @Test func aListOfAliasesPastTheLimitIsOneError() throws {
        let scratch = try ScratchDirectory()
        let aliases = Array(repeating: "*s", count: 250_000).joined(separator: ", ")
        let file = try scratch.write("failover.yaml", "s: &s coder-1\n" + Self.fleet.replacingOccurrences(of: "[coder-1]", with: "[\(aliases)]"))
        let result = try CLI.run(["validate", "--config", file])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 2, "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("more than 200000 values"))
    }

    @Test func validateAndCycleListAThousandProblemsAndCountTheRest() throws {
        let scratch = try ScratchDirectory()
        let names = (0..<3000).map { "\"bad/\($0)\"" }.joined(separator: ", ")
        let file = try scratch.write("failover.yaml", Self.fleet.replacingOccurrences(of: "[coder-1]", with: "[\(names)]"))
        let validate = try CLI.run(["validate", "--config", file])
        #expect(validate.status == 1)
        var lines = validate.stderr.split(separator: "\n")
        #expect(lines.count == 1002, "\(lines.count) lines")
        #expect(lines.dropLast().last?.contains("and 2000 more problem(s) not listed (2000 error(s), 0 warning(s))") == true, "\(lines.dropLast().last ?? "")")
        #expect(lines.last == "\(file): invalid: 3000 error(s), 0 warning(s)")
        let json = try CLI.run(["validate", "--json", "--config", file])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((report["errors"] as? [Any])?.count == 1001)
        #expect(report["error_count"] as? Int == 3000)

        let cycle = try CLI.run(["cycle", "--config", file])
        #expect(cycle.status == 1)
        lines = cycle.stderr.split(separator: "\n")
        #expect(lines.count == 1002, "\(lines.count) lines")
        #expect(lines.last == "\(file): invalid, 3000 error(s); nothing was changed")
    }

    /// 8,000 unknown control entries against 8,000 instances took 95 s of suggestions.
    @Test func suggestionsForManyUnknownControlEntriesAreBounded() throws {
        let scratch = try ScratchDirectory()
        let names = (0..<8000).map { "coder-\($0)" }
        let file = try scratch.write("failover.yaml", Self.fleet.replacingOccurrences(of: "[coder-1]", with: "[\(names.joined(separator: ", "))]")
            + "\ncontrol:\n" + (0..<8000).map { "  codr-\($0): { paused: true }" }.joined(separator: "\n"))
        let result = try CLI.run(["validate", "--quiet", "--config", file])
        #expect(result.status == 0, "\(result.stderr.suffix(300))")
        let hinted = result.stderr.split(separator: "\n").filter { $0.contains("did you mean") }
        #expect(hinted.count <= 100, "\(hinted.count) suggestions")
        #expect(result.stderr.contains("and 7000 more problem(s) not listed (0 error(s), 7000 warning(s))"))
    }

    /// `--config` names a file to read whole: a pipe or a terminal is not one.
    @Test func aConfigThatIsNotARegularFileSaysItMustBe() throws {
        let scratch = try ScratchDirectory()
        let fifo = scratch.path("failover.yaml")
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try CLI.run(["validate", "--config", fifo])
        #expect(result.status == 1)
        #expect(result.stderr == "cannot read config file \(fifo): it is a named pipe (FIFO); a config must be a regular file\n", "\(result.stderr)")
        let stdin = try CLI.run(["validate", "--config", "/dev/stdin"], stdin: Self.fleet)
        #expect(stdin.status == 1)
        #expect(stdin.stderr.contains("a config must be a regular file"), "\(stdin.stderr)")
    }

    @Test func anEnvDirUnderAFileNamesTheFile() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("var/blocker", "not a folder")
        let file = try scratch.write("failover.yaml", "service: { env_dir: var/blocker/env }\n" + Self.fleet)
        let result = try CLI.run(["cycle", "--config", file], environment: ["ANTHROPIC_API_KEY": "test-key"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(scratch.path("var/blocker")) is a file, not a folder"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aDatabaseThatIsANamedPipeIsRefusedNotWaitedOn() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path("var"), withIntermediateDirectories: true)
        #expect(mkfifo(scratch.path("var/failover.sqlite"), 0o600) == 0)
        let file = try scratch.write("failover.yaml", Self.fleet)
        for verb in ["cycle", "status", "render"] {
            let result = try CLI.run([verb, "--config", file])
            #expect(result.status == 1, "\(verb): exit \(result.status)")
            #expect(result.stderr.contains("\(scratch.path("var/failover.sqlite")) is a named pipe (FIFO), not a regular file"), "\(verb): \(result.stderr)")
        }
    }

    /// 240 characters passed validate and then failed in SQLite with "unable to open database file".
    @Test func aDatabaseNameTooLongForItsSideFilesFailsValidate() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", "service: { database: var/\(String(repeating: "d", count: 240)).sqlite }\n" + Self.fleet)
        let result = try CLI.run(["validate", "--config", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("service.database: the file name is 247 bytes; at most 200"), "\(result.stderr)")
    }

    @Test func confusingConfigMessagesSayWhatIsWrong() throws {
        let scratch = try ScratchDirectory()
        let cases = [
            ("- coder-1\n", "the top level must be a mapping"),
            (Self.fleet + "\n    usage_threshold_tokens: 9223372036854775808\n", #""9223372036854775808" is over the limit of 9223372036854775807"#),
            ("agent_types: " + String(repeating: "[", count: 1100) + String(repeating: "]", count: 1100) + "\n", "nested deeper than 1000 levels"),
        ]
        for (yaml, message) in cases {
            let file = try scratch.write("failover.yaml", yaml)
            let result = try CLI.run(["validate", "--config", file])
            #expect(result.status == 1)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!result.stderr.contains("empty") && !result.stderr.contains("yaml_set_max_nest_level"), "\(result.stderr)")
        }
    }
}
