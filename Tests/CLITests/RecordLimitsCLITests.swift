import Foundation
import Testing

/// The outcome lines and times of the input-limits trial, through the binary: each bad one is
/// rejected with a message saying what is wrong with it, and the good ones around it are applied.
@Suite struct RecordLimitsCLITests {
    static let config = CLIFleets.twoCoders
    static let now = "2026-11-24T12:00:00Z"

    func record(_ input: Data) throws -> CLI.Result {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        return try CLI.run(["record", "--config", scratch.path("failover.yaml"), "--now", Self.now], input: input, environment: ["ANTHROPIC_API_KEY": "test-key"])
    }

    @Test func looseJSONAndInexactNumbersAreRejectedByName() throws {
        var input = Data()
        func add(_ text: String) { input += Data((text + "\n").utf8) }
        add(#"{"agent":"coder-1","x":[}, "outcome":"success"}"#)
        add(#"{"agent":"coder-1","outcome":"success","input_tokens":1e-400}"#)
        add(#"{"agent":"coder-1","outcome":"success","input_tokens":111100000000000000000000000000}"#)
        input += Data([0xEF, 0xBB, 0xBF]) + Data(#"{"agent":"coder-1","outcome":"success"}"#.utf8) + Data([0x0A])
        add(#"{"agent":"coder-2","outcome":"success","input_tokens":2e3}"#)
        let result = try record(input)
        #expect(result.status == 1)
        let rejected = result.stderr.split(separator: "\n").filter { $0.hasPrefix("stdin: line ") }
        #expect(rejected.count == 4, "\(result.stderr)")
        #expect(rejected.first?.hasPrefix("stdin: line 1: not valid JSON") == true)
        #expect(result.stderr.contains(#"stdin: line 2: "input_tokens" must be a whole number, got 1e-400, which is not one"#))
        #expect(result.stderr.contains(#"stdin: line 3: "input_tokens" 111100000000000000000000000000 is over the maximum of 1000000000 per outcome"#))
        #expect(result.stderr.contains("stdin: line 4: not valid JSON: the line starts with a byte-order mark (U+FEFF)"))
        #expect(result.stdout.contains("recorded 1 outcome(s)"), "line 5 applied: \(result.stdout)")
    }

    /// `--now`, `at` and `--since` are bounded the same way: on the UTC instant, before clamping.
    @Test func timesAreBoundedOnTheirUTCInstant() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let config = ["--config", scratch.path("failover.yaml")]
        for (now, year) in [("9999-12-31T23:59:59-23:59", "10000"), ("2000-01-01T00:00:00+00:01", "1999")] {
            let cycle = try CLI.run(["cycle"] + config + ["--now", now])
            #expect(cycle.status == 1, "--now \(now): exit \(cycle.status)")
            #expect(cycle.stderr.contains("--now: \"\(now)\" is outside the years 2000-9999 (in UTC it falls in \(year))"), "\(cycle.stderr)")
        }
        #expect(try CLI.run(["cycle"] + config + ["--now", "2000-01-01T00:00:00-00:01"]).status == 0)
        let since = try CLI.run(["events"] + config + ["--since", "9999-12-31T23:59:59-23:59"])
        #expect(since.status == 1)
        #expect(since.stderr.contains("--since: \"9999-12-31T23:59:59-23:59\" is outside the years 2000-9999 (in UTC it falls in 10000)"), "\(since.stderr)")
    }

    @Test func aSinceDurationOverTheLimitSaysSo() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let result = try CLI.run(["events", "--config", scratch.path("failover.yaml"), "--since", "3661d"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--since: \"3661d\" is a duration over the limit of 3660d"), "\(result.stderr)")
        #expect(try CLI.run(["events", "--config", scratch.path("failover.yaml"), "--since", "3660d"]).status == 0)
    }

    @Test func aCRLFLineOfExactlyTheLimitIsApplied() throws {
        let head = #"{"agent":"coder-1","outcome":"success","pad":""#
        let line = head + String(repeating: "x", count: (1 << 20) - head.utf8.count - 2) + #""}"#
        let result = try record(Data((line + "\r\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
    }
}
