import FailoverCore
import Foundation
import TestSupport
import Testing

/// Issue 9's cases through the real binary: hostile input ends in a clear per-item error, never a
/// trap, a leaked key or a lost good line; nothing printed drives the terminal.
@Suite struct HostileInputCLITests {
    static let key = "sk-ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"
    static let config = CLIFleets.twoCoders
    static let clock = ["--now", "2026-11-24T12:00:00Z"]
    /// `record` as the issue ran it: no provider key in the environment at all.
    static let keyless = ["ANTHROPIC_API_KEY", "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY"]

    func run(_ scratch: ScratchDirectory, _ arguments: [String], input: Data? = nil) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", scratch.path("failover.yaml")] + Self.clock, input: input, unsetting: Self.keyless)
    }

    func expectClean(_ result: CLI.Result, _ context: String) {
        for text in [result.stdout, result.stderr] {
            #expect(!text.contains("\u{1B}") && !text.contains("\0") && !text.contains("\r"), "\(context): a control character reached the terminal")
            #expect(!Hostile.leaks(Self.key, in: text), "\(context): the key reached the terminal")
        }
        #expect(result.status != 132 && result.status != 134 && result.status != 139, "\(context): trapped")
    }

    @Test func recordKeepsGoodLinesAndNamesEachBadOne() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        var input = Data()
        func add(_ text: String) { input += Data((text + "\n").utf8) }
        add(#"{"agent":"coder-1","at":"2026-11-24T11:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"\#(String(repeating: "m", count: 490)) Authorization: Bearer \#(Self.key)"}"#)
        input += Data(#"{"agent":"coder-2","outcome":"success","message":""#.utf8) + Data([0xC3, 0x28]) + Data("\"}\n".utf8)
        add(#"{"agent":"coder-\u001b[2J\u001b]0;pwned\u0007","outcome":"success"}"#)
        add(#"{"agent":"coder-2","at":"\#(Self.key)","outcome":"success"}"#)
        add(#"{"agent":"coder-2","at":"9999-12-31T23:59:59Z","outcome":"error","status":401}"#)
        add(#"{"agent":"coder-2","outcome":"success","input_tokens":9223372036854775807,"output_tokens":1}"#)
        add(#"{"agent":"coder-2","at":"2026-11-24T11:30:00Z","outcome":"error","status":429,"message":"sk%2Dant%2Dapi03%2DZq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"}"#)
        let result = try run(scratch, ["record", "--json"], input: input)
        expectClean(result, "record")
        #expect(result.status == 1)
        let rejected = result.stderr.split(separator: "\n").filter { $0.hasPrefix("stdin: line ") }
        #expect(rejected.map { $0.prefix(14) } == ["stdin: line 2:", "stdin: line 3:", "stdin: line 4:", "stdin: line 5:", "stdin: line 6:"])
        #expect(result.stderr.contains("stdin: line 2: not UTF-8"))
        #expect(result.stderr.contains("stdin: line 3: unknown agent a value holding control characters (not shown)"))
        #expect(result.stdout.split(separator: "\n").count == 2, "lines 1 and 7 applied")

        let events = try run(scratch, ["events", "--json"])
        expectClean(events, "events")
        #expect(events.stdout.contains("step_down"))
        let table = try run(scratch, ["events"])
        expectClean(table, "events table")
        let database = try Data(contentsOf: URL(fileURLWithPath: scratch.path("var/failover.sqlite")))
        #expect(!Hostile.leaks(Self.key, in: String(decoding: database, as: UTF8.self)), "the key reached the database file")
        let render = try run(scratch, ["render"])
        #expect(render.status == 0, "\(render.stderr)")
        let site = try FileManager.default.subpathsOfDirectory(atPath: scratch.path("public")).filter { !$0.hasSuffix(".gz") }
        for file in site {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: scratch.path("public/" + file)))) ?? Data()
            #expect(!Hostile.leaks(Self.key, in: String(decoding: data, as: UTF8.self)), "\(file) holds the key")
        }
    }

    @Test func validateRefusesValuesThatWouldCorruptFilesOrTerminals() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config.replacingOccurrences(of: "qwen3-coder:30b", with: #"qwen\u0000\nEVIL=1"#)
            + "\n    failover: { cooldown: 106751991167300d }\ncontrol:\n  \"coder-\\e[31m\": { reset: \"\(Self.key)\" }\n")
        let result = try CLI.run(["validate", "--config", scratch.path("failover.yaml")])
        expectClean(result, "validate")
        #expect(result.status == 1)
        #expect(result.stderr.contains("agent_types.coder.provider_chain[1].model: must not contain control characters (found U+0000"))
        #expect(result.stderr.contains("agent_types.coder.failover.cooldown: \"106751991167300d\" is longer than the maximum of 30d"))
        #expect(result.stderr.contains("control.coder-\\u{1B}[31m"))
        let cycle = try run(scratch, ["cycle"])
        #expect(cycle.status == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var/env/coder-1.env")), "an invalid config changes nothing")
    }

    @Test func aDuplicateKeyInALargeConfigIsOneLine() throws {
        let scratch = try ScratchDirectory()
        let padding = (0..<50_000).map { "# \($0) padding padding padding padding padding" }.joined(separator: "\n")
        try scratch.write("failover.yaml", Self.config + "\n" + padding + "\nagent_types: {}\n")
        let result = try CLI.run(["validate", "--config", scratch.path("failover.yaml")])
        #expect(result.status == 1)
        #expect(result.stderr.utf8.count < 500, "\(result.stderr.utf8.count) bytes of stderr")
        #expect(result.stderr.contains("duplicate key \"agent_types\""))
    }

    /// Seeded random input through the binary: never a trap, never a control character or key out.
    @Test func randomInputNeverTrapsTheBinary() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        var rng = SeededGenerator(seed: 99)
        for round in 0..<Hostile.iterations(4) {
            var input = Data()
            for _ in 0..<200 {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: input += Data(Hostile.string(&rng).utf8)
                case 1: input += Data(Hostile.invalidUTF8(&rng))
                case 2: input += Data(#"{"agent":"coder-1","outcome":"error","status":\#(Hostile.integer(&rng)),"message":"\#(Hostile.disguise(Self.key, &rng))"}"#.utf8)
                default: input += Data(#"{"agent":"coder-2","at":"2026-11-24T11:00:00Z","outcome":"success","input_tokens":\#(Hostile.integer(&rng))}"#.utf8)
                }
                input.append(0x0A)
            }
            let result = try run(scratch, ["record"], input: input)
            expectClean(result, "round \(round)")
            #expect(result.status == 0 || result.status == 1, "round \(round): exit \(result.status): \(result.stderr.suffix(300))")
        }
        let verify = try CLI.run(["verify", "--config", scratch.path("failover.yaml")])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
