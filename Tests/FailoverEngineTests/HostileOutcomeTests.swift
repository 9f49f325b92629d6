import FailoverCore
import FailoverEngine
import Foundation
import TestSupport
import Testing

/// specs/failover.md "Limits and bad input", for `record`: a bad line costs only itself, and nothing
/// a line says can trap the process or put a key in the ledger.
@Suite struct HostileOutcomeTests {
    static let key = "sk-ant-api03-Zq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0"

    /// Runs `record` over raw bytes, as the CLI reads them.
    static func record(_ fleet: Fleet, _ bytes: Data, now: Timestamp = Fleet.t0 + .days(1)) throws -> RecordReport {
        let path = fleet.folder.appendingPathComponent("input-\(UUID().uuidString).jsonl").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        return try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment).run(reading: handle, now: now)
    }

    static func line(_ text: String) -> Data { Data((text + "\n").utf8) }

    @Test func anInvalidUTF8LineRejectsOnlyItself() throws {
        let fleet = try Fleet()
        var input = Self.line(outcome("coder-1", at: .minutes(1)))
        input += Data(#"{"agent":"coder-1","outcome":"error","message":"bad "#.utf8) + Data([0xFF, 0xFE]) + Data("\"}\n".utf8)
        input += Self.line(outcome("coder-2", at: .minutes(2), "error", status: 401, type: "authentication_error"))
        let report = try Self.record(fleet, input)
        #expect(report.rejected.map(\.description) == ["line 2: not UTF-8 (the byte at column 53 starts no UTF-8 character)"])
        #expect(report.results.map(\.line) == [1, 3])
        #expect(try fleet.states()["coder-2"]?.tier == 2)
    }

    @Test func aLineOverTheLimitIsRefusedUnread() throws {
        let fleet = try Fleet()
        let huge = #"{"agent":"coder-1","outcome":"error","message":""# + String(repeating: "x", count: OutcomeParser.maximumLineBytes) + #""}"#
        let input = Self.line(outcome("coder-1", at: .minutes(1))) + Self.line(huge) + Self.line(outcome("coder-2", at: .minutes(2)))
        let report = try Self.record(fleet, input)
        #expect(report.rejected.count == 1 && report.rejected[0].line == 2)
        #expect(report.rejected[0].reason.hasPrefix("the line is \(huge.utf8.count) bytes long; at most 1048576 bytes"))
        #expect(report.results.map(\.line) == [1, 3])
    }

    @Test(arguments: [
        ("9999-12-31T23:59:59Z", "is 2912114d ahead of the clock"),
        ("2026-11-25T10:06:00Z", "is 6m ahead of the clock (2026-11-25T10:00:00Z); at most 5m ahead is accepted"),
        ("1999-12-31T23:59:59Z", "is outside the years 2000-9999"),
        ("0000-01-01T00:00:00Z", "is outside the years 2000-9999"),
        ("2000-01-01T00:00:00+00:01", "\"at\" \"2000-01-01T00:00:00+00:01\" is outside the years 2000-9999 (in UTC it falls in 1999)"),
    ])
    func timesFarFromTheClockAreRefused(at: String, reason: String) throws {
        let fleet = try Fleet()
        let report = try Self.record(fleet, Self.line(#"{"agent":"coder-1","at":"\#(at)","outcome":"error","status":401}"#))
        #expect(report.results.isEmpty)
        #expect(report.rejected.first?.reason.contains(reason) == true, "\(report.rejected.first?.reason ?? "none")")
    }

    /// Written in 9999, in 10000 in UTC: it used to be clamped to 9999 and accepted.
    @Test func aTimePastTheLastYearInUTCIsRefusedEvenWhereTheClockIs() throws {
        let fleet = try Fleet()
        let line = Self.line(#"{"agent":"coder-1","at":"9999-12-31T23:59:59-23:59","outcome":"success"}"#)
        let report = try Self.record(fleet, line, now: Timestamp(rfc3339: "9999-12-31T23:59:59Z")!)
        #expect(report.results.isEmpty)
        #expect(report.rejected.first?.reason == "\"at\" \"9999-12-31T23:59:59-23:59\" is outside the years 2000-9999 (in UTC it falls in 10000)", "\(report.rejected)")
    }

    @Test func aTimeWithinTheAllowanceIsAccepted() throws {
        let fleet = try Fleet()
        let report = try Self.record(fleet, Self.line(#"{"agent":"coder-1","at":"2026-11-25T10:05:00Z","outcome":"success"}"#))
        #expect(report.rejected.isEmpty && report.results.count == 1)
    }

    @Test(arguments: [
        (#""input_tokens":9223372036854775807,"output_tokens":1"#, "\"input_tokens\" 9223372036854775807 is over the maximum of 1000000000 per outcome"),
        (#""input_tokens":1000000001"#, "\"input_tokens\" 1000000001 is over the maximum of 1000000000 per outcome"),
        (#""output_tokens":-1"#, "\"output_tokens\" must not be negative, got -1"),
        (#""input_tokens":1e300"#, "\"input_tokens\" 1e300 is over the maximum of 1000000000 per outcome"),
        (#""input_tokens":111100000000000000000000000000"#, "\"input_tokens\" 111100000000000000000000000000 is over the maximum of 1000000000 per outcome"),
        (#""output_tokens":-1e30"#, "\"output_tokens\" must not be negative, got -1e30"),
        (#""input_tokens":1e-400"#, "\"input_tokens\" must be a whole number, got 1e-400, which is not one"),
        (#""input_tokens":2.5"#, "\"input_tokens\" must be a whole number, got 2.5, which is not one"),
        (#""input_tokens":2.0e3,"output_tokens":1"#, ""),
    ])
    func tokenCountsAreBounded(fields: String, reason: String) throws {
        let fleet = try Fleet()
        let report = try Self.record(fleet, Self.line(#"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"success",\#(fields)}"#))
        if reason.isEmpty {
            #expect(report.rejected.isEmpty && report.results.count == 1, "\(report.rejected)")
            return
        }
        #expect(report.results.isEmpty)
        #expect(report.rejected.first?.reason == reason, "\(report.rejected)")
    }

    @Test(arguments: [
        (#""status":1e30"#, "\"status\" 1e30 is not an HTTP status (100-599)"),
        (#""status":401,"tier":99999999999999999999"#, "\"tier\" 99999999999999999999 is outside the 3-tier chain"),
    ])
    func hugeNumbersElsewhereSayWhatTheyAreOutside(fields: String, reason: String) throws {
        let fleet = try Fleet()
        let report = try Self.record(fleet, Self.line(#"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error",\#(fields)}"#))
        #expect(report.rejected.first?.reason.hasPrefix(reason) == true, "\(report.rejected)")
    }

    /// Files that each begin with a byte-order mark, joined: the mark is named where it is.
    @Test func aByteOrderMarkAfterTheFirstLineIsNamed() throws {
        let fleet = try Fleet()
        let bom = Data([0xEF, 0xBB, 0xBF])
        let input = bom + Self.line(outcome("coder-1", at: .minutes(1))) + bom + Self.line(outcome("coder-2", at: .minutes(2)))
        let report = try Self.record(fleet, input)
        #expect(report.results.map(\.line) == [1])
        #expect(report.rejected.map(\.line) == [2])
        #expect(report.rejected.first?.reason.contains("byte-order mark (U+FEFF)") == true, "\(report.rejected)")
    }

    /// A line ending CRLF is as long as its text: the CR is the line ending's, not the outcome's.
    @Test func aCRLFLineAtTheLimitIsRead() throws {
        let fleet = try Fleet()
        let head = #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"success","pad":""#
        let exact = head + String(repeating: "x", count: OutcomeParser.maximumLineBytes - head.utf8.count - 2) + #""}"#
        #expect(exact.utf8.count == OutcomeParser.maximumLineBytes)
        let over = head + String(repeating: "x", count: OutcomeParser.maximumLineBytes - head.utf8.count - 1) + #""}"#
        // Split across read chunks too: the file is read a megabyte at a time.
        let input = Data((exact + "\r\n" + over + "\r\n" + exact + "\r").utf8)
        let report = try Self.record(fleet, input)
        #expect(report.results.map(\.line) == [1, 3])
        #expect(report.rejected.map(\.description) == ["line 2: the line is 1048577 bytes long; at most 1048576 bytes (1 MiB) per outcome"])
    }

    /// A thousand outcomes at the per-outcome maximum: the window sums hold, the budget steps.
    @Test func sumsAtTheMaximumDoNotOverflow() throws {
        let fleet = try Fleet()
        let lines = (0..<1000).map { outcome(["coder-1", "coder-2"][$0 % 2], at: .minutes(1), input: OutcomeParser.maximumTokens, output: OutcomeParser.maximumTokens) }
        let report = try fleet.record(lines)
        #expect(report.rejected.isEmpty && report.results.count == 1000)
        #expect(report.results.last?.usage == "\(2_000_000_000_000)/10000")
        #expect(try fleet.verify().isEmpty)
    }

    /// The ledger never holds a key, whatever ran `record`: here, a process with no keys in its environment.
    @Test func noKeyReachesTheLedgerInAnyFormOrPosition() throws {
        let fleet = try Fleet()
        fleet.environment = [:]
        let disguises = [
            String(repeating: "x", count: 495) + " " + Self.key,
            "sk%2Dant%2Dapi03%2DZq8XvN2kLmP4rT7yWbC9dEfGhJ1sU5oI6aQ0",
            "Authorization: Bearer " + Self.key,
            #"request {\"x-api-key\": \"\#(Self.key)\"}"#,
        ]
        var lines: [String] = []
        for (index, text) in disguises.enumerated() {
            lines.append(#"{"agent":"coder-1","at":"\#(Fleet.t0 + .minutes(index * 20))","outcome":"error","status":429,"error_type":"rate_limit_error","message":"\#(text)"}"#)
        }
        lines.append(#"{"agent":"coder-2","at":"\#(Self.key)","outcome":"success"}"#)
        lines.append(#"{"agent":"\#(Self.key)","outcome":"success"}"#)
        let report = try fleet.record(lines)
        #expect(report.rejected.count == 2)
        for rejection in report.rejected { #expect(!Hostile.leaks(Self.key, in: rejection.description), "\(rejection)") }
        let events = try fleet.events()
        #expect(events.contains { $0.kind == .stepDown })
        for event in events {
            #expect(!Hostile.leaks(Self.key, in: EventJSON.value(event).serialized()), "\(event.detail)")
        }
    }

    @Test func aControlCharacterInAMessageIsStoredVisible() throws {
        let fleet = try Fleet()
        try fleet.record([#"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"message":"bad\nforged: line\u001b[2J"}"#])
        let detail = try #require(try fleet.events(agent: "coder-1").last?.detail)
        #expect(detail.hasPrefix("401: bad\\u{A}forged: line\\u{1B}[2J"))
        #expect(!detail.unicodeScalars.contains(where: TerminalText.isControl))
    }

    /// Seeded random batches of good and hostile lines: nothing traps, every good line is applied
    /// and only the bad ones are rejected, no key reaches the ledger, and the ledger still replays.
    @Test(arguments: 0..<4)
    func randomBatchesKeepGoodLinesAndNoKeys(seed: UInt64) throws {
        let fleet = try Fleet()
        fleet.environment = [:]
        var rng = SeededGenerator(seed: 500 + seed)
        var input = Data()
        var good: [Int] = []
        var keys: [String] = []
        for number in 1...Hostile.iterations(150) {
            let at = Fleet.t0 + .minutes(number)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0:
                input += Data(Hostile.string(&rng).utf8.filter { $0 != 0x0A }) + Data([0x0A])
            case 1:
                input += Data(#"{"agent":"coder-1","message":""#.utf8) + Data(Hostile.invalidUTF8(&rng)) + Data("\"}\n".utf8)
            case 2:
                let field = ["agent", "at", "outcome", "status", "input_tokens", "tier", "error_type"].randomElement(using: &rng)!
                let value = Bool.random(using: &rng) ? String(Hostile.integer(&rng)) : String(JSONValue.string(Hostile.string(&rng)).serialized(pretty: false).dropLast())
                input += Self.line(#"{"agent":"coder-2","at":"\#(at)","outcome":"success",\#(field.debugDescription):\#(value)}"#)
                // Whether this one is good depends on the value: leave it out of both lists' checks.
                continue
            default:
                let key = Hostile.key(&rng)
                keys.append(key)
                let message = JSONValue.string(Hostile.disguise(key, &rng) + " " + Hostile.string(&rng).prefix(2000)).serialized(pretty: false).dropLast()
                let agent = ["coder-1", "coder-2", "reviewer-1", "planner-1"].randomElement(using: &rng)!
                let status = [401, 429, 500, 529, 402, 400].randomElement(using: &rng)!
                input += Self.line(#"{"agent":"\#(agent)","at":"\#(at)","outcome":"error","status":\#(status),"message":\#(message),"input_tokens":\#(Int.random(in: 0...OutcomeParser.maximumTokens, using: &rng))}"#)
                good.append(number)
            }
        }
        let report = try Self.record(fleet, input, now: Fleet.t0 + .days(1))
        let accepted = Set(report.results.map(\.line))
        #expect(Set(good).isSubset(of: accepted), "seed \(seed): good lines were rejected: \(report.rejected.filter { good.contains($0.line) })")
        let ledger = try fleet.events().map { EventJSON.value($0).serialized() }.joined()
        for key in keys { #expect(!Hostile.leaks(key, in: ledger), "seed \(seed)") }
        #expect(try fleet.verify().isEmpty, "seed \(seed)")
    }
}

extension HostileOutcomeTests {
    /// One run holds the write lock for a bounded time, and its report stays small, whatever it is sent.
    @Test func aRunReadsABoundedBatchAndListsABoundedNumberOfRejections() throws {
        let fleet = try Fleet()
        var parser = OutcomeParser(fleet: FleetIndex(try fleet.config().config), now: Fleet.t0 + .days(1), redactor: .shapesOnly)
        parser.batchLimit = 5
        parser.reportLimit = 3
        let lines = (0..<6).map { _ in "not json" } + (0..<8).map { outcome("coder-1", at: .minutes($0)) }
        let parsed = parser.parse(lines.joined(separator: "\n"))
        let accepted = parsed.accepted, rejected = parsed.rejected
        #expect(accepted.map(\.line) == [7, 8, 9, 10, 11])
        #expect(rejected.map(\.line) == [1, 2, 3, 4, 12])
        #expect(rejected[3].reason.hasPrefix("this and 2 more rejected line(s) after it are not listed"))
        #expect(rejected[4].reason.hasPrefix("this and the 2 line(s) after it were not read: one run records at most 5 outcomes"))
        #expect(OutcomeParser.maximumBatch == 1_000_000 && OutcomeParser.maximumReported == 1000)
    }
}

extension HostileOutcomeTests {
    /// The parser keeps 256 bytes of `error_type` and 16 KiB of `message`; it used to cut before any
    /// redaction ran. A key of any shape at every offset around either limit leaves no piece of itself.
    @Test func whatTheParserKeepsIsRedactedBeforeItIsCut() throws {
        let fleet = try Fleet()
        let shaped = "sk-0123456789abcdef0123456789abcdef", punctuated = "Pw!SECRETVAL#part2@part3$part4"
        var parser = OutcomeParser(fleet: FleetIndex(try fleet.config().config), now: Fleet.t0 + .days(1), redactor: SecretRedactor(secrets: [punctuated]))
        var rng = SeededGenerator(seed: 211)
        for key in [shaped, punctuated, Self.key] {
            for limit in [256, 16 << 10] {
                for offset in (limit - key.utf8.count - 4)...(limit + 2) {
                    let padding = String(repeating: "e", count: max(0, offset - 1)) + (offset > 0 ? " " : "")
                    let text = padding + Hostile.disguise(key, &rng)
                    let field = limit == 256 ? "error_type" : "message"
                    let line = try JSONSerialization.data(withJSONObject: ["agent": "coder-1", "outcome": "error", field: text])
                    let parsed = parser.parse(String(decoding: line, as: UTF8.self))
                    let report = try #require(parsed.accepted.first, "\(parsed.rejected)")
                    guard case .error(let error) = report.outcome.result else { Issue.record("not an error"); continue }
                    let kept = (limit == 256 ? error.errorType : error.message) ?? ""
                    #expect(kept.utf8.count <= limit, "\(field) at \(offset)")
                    #expect(!Hostile.leaksPiece(key, in: kept) && !Hostile.leaks(key, in: kept), "\(field) at \(offset): …\(kept.suffix(40))")
                }
            }
        }
    }
}
