import FailoverCore
import FailoverEngine
import Foundation
import Testing

@Suite struct RecordRunnerTests {
    @Test func aScriptedDay() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        func tier(_ agent: AgentID = "coder-1") throws -> Int { try fleet.states()[agent]?.tier ?? 0 }

        // 401 -> tier 2, env file switches to DeepSeek.
        var report = try fleet.record([outcome("coder-1", at: .minutes(0), "error", status: 401, type: "authentication_error", message: "invalid x-api-key", tier: 1)])
        #expect(report.results[0].kind == .failure(.auth) && report.results[0].moved && report.results[0].recreate)
        #expect(try tier() == 2)
        #expect(fleet.envFile("coder-1")?.contains("ANTHROPIC_AUTH_TOKEN=deepseek-test-key-0000") == true)
        // Success inside the cooldown stays; after it, back to tier 1.
        report = try fleet.record([outcome("coder-1", at: .minutes(10), tier: 2)])
        #expect(!report.results[0].moved)
        #expect(try tier() == 2)
        report = try fleet.record([outcome("coder-1", at: .minutes(15), tier: 2)])
        #expect(report.results[0].moved && report.results[0].toTier == 1 && report.results[0].recreate)
        #expect(try tier() == 1)
        // Two 5xx stay, the third steps.
        try fleet.record([outcome("coder-1", at: .minutes(20), "error", status: 529, type: "overloaded_error"),
                          outcome("coder-1", at: .minutes(21), "error", status: 500, type: "api_error")])
        #expect(try tier() == 1)
        report = try fleet.record([outcome("coder-1", at: .minutes(22), "error", status: 503)])
        #expect(try tier() == 2)
        #expect(report.results[0].events == [.stepDown])
        // A late failure from tier 1 moves nothing.
        report = try fleet.record([outcome("coder-1", at: .minutes(23), "error", status: 429, type: "rate_limit_error", tier: 1)])
        #expect(report.results[0].ignored == .late && !report.results[0].moved)
        #expect(try tier() == 2)
        // Exhaustion pauses coder (on_exhausted: pause)...
        try fleet.record([outcome("coder-1", at: .minutes(24), "error", status: 429, type: "rate_limit_error"),
                          outcome("coder-1", at: .minutes(25), "error", status: 402, type: "billing_error")])
        #expect(try fleet.states()["coder-1"]?.paused == true)
        // ...and a paused agent never moves.
        report = try fleet.record([outcome("coder-1", at: .minutes(90))])
        #expect(report.results[0].ignored == .paused && !report.results[0].dispatchable)
        // ...while reviewer wraps.
        try fleet.record([outcome("reviewer-1", at: .minutes(30), "error", status: 401, type: "authentication_error"),
                          outcome("reviewer-1", at: .minutes(31), "error", status: 401)])
        #expect(try tier("reviewer-1") == 1)
        #expect(try fleet.events(agent: "reviewer-1").last?.kind == .exhaustedWrap)
        #expect(try fleet.verify().isEmpty)
    }

    @Test func aBudgetOverrunStepsWithUsageInTheLedger() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        // Budget 10000 per coder type, over 24h, summed across instances.
        var report = try fleet.record([outcome("coder-1", at: .minutes(1), input: 4000, output: 1000),
                                       outcome("coder-2", at: .minutes(2), input: 4000, output: 1000)])
        #expect(report.results.map(\.usage) == ["5000/10000", "10000/10000"])
        #expect(try fleet.states()["coder-2"]?.tier == 1)
        report = try fleet.record([outcome("coder-2", at: .minutes(3), input: 1, output: 0)])
        #expect(report.results[0].usage == "10001/10000")
        #expect(report.results[0].moved && report.results[0].toTier == 2)
        let event = try #require(try fleet.events(agent: "coder-2").last)
        #expect(event.failureKind == .tokenBudget && event.source == .budget && event.detail == "usage=10001/10000")
        #expect(try fleet.states()["coder-2"]?.lastFailureKind == .tokenBudget)
        // Usage older than the window no longer counts.
        report = try fleet.record([outcome("coder-1", at: Fleet.t0 + .hours(25), input: 1, output: 0)], at: Fleet.t0 + .hours(25))
        #expect(report.results[0].usage == "1/10000")
    }

    @Test func typesWithoutTheTriggerTrackButNeverStep() throws {
        let fleet = try Fleet(yaml: Fleet.standardYAML.replacingOccurrences(of: "server_error, token_budget]", with: "server_error]"))
        try fleet.cycle()
        let report = try fleet.record([outcome("coder-1", at: .minutes(1), input: 20000)])
        #expect(report.results[0].usage == "20000/10000")
        #expect(!report.results[0].moved)
    }

    @Test func badLinesAreRejectedByNumberAndGoodLinesApplied() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        let report = try fleet.record([
            outcome("coder-1", at: .minutes(1), "error", status: 401, type: "authentication_error"),
            "{not json",
            outcome("coder-9", at: .minutes(1)),
            "{\"agent\":\"coder-2\",\"outcome\":\"maybe\"}",
            "{\"agent\":\"coder-2\",\"outcome\":\"success\",\"input_tokens\":-5}",
            "{\"agent\":\"coder-2\",\"outcome\":\"success\",\"input_tokens\":1.5}",
            "{\"agent\":\"coder-2\",\"outcome\":\"success\",\"tier\":4}",
            "{\"agent\":\"coder-2\",\"outcome\":\"success\",\"at\":\"yesterday\"}",
            "{\"agent\":\"coder-2\",\"outcome\":\"error\",\"status\":999}",
            "",
            outcome("coder-2", at: .minutes(1), input: 10),
        ])
        #expect(report.rejected.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9])
        #expect(report.rejected[7].reason.contains("not an HTTP status"))
        #expect(report.rejected[1].reason.contains("unknown agent \"coder-9\""))
        #expect(report.rejected[3].reason.contains("must not be negative"))
        #expect(report.results.map(\.line) == [1, 11])
        #expect(try fleet.states()["coder-1"]?.tier == 2)
        #expect(try fleet.store().read { try $0.usageRowCount() } == 2)
    }

    @Test func anOutcomeBeforeAnyCycleCreatesTheAgent() throws {
        let fleet = try Fleet()
        let report = try fleet.record([outcome("coder-1", at: .minutes(1), "error", status: 401, type: "authentication_error")])
        #expect(report.results[0].events == [.created, .stepDown])
        #expect(try fleet.verify().isEmpty)
    }

    @Test func secretsNeverReachTheLedger() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        try fleet.record([outcome("coder-1", at: .minutes(1), "error", status: 401, type: "authentication_error",
                                  message: "invalid key deepseek-test-key-0000 and sk-ant-api03-abcdefghijklmnopqrstuvwx")])
        let detail = try #require(try fleet.events(agent: "coder-1").last?.detail)
        #expect(!detail.contains("deepseek-test-key-0000"))
        #expect(!detail.contains("abcdefghijklmnop"))
        #expect(detail.contains("[redacted]"))
    }
}

/// Flags committed before they are printed, settled only by their own acknowledgement (`EnvSignal`).
@Suite struct OutstandingFlagTests {
    /// Two verbs flag one container before either output is acknowledged, and the first acknowledgement
    /// arrives last: the container runs the second's file, and nothing is flagged again.
    @Test func aLateAcknowledgementOfAnOlderFlagRepeatsNothing() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        let runner = RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        let first = try runner.run(input: #"{"agent":"coder-1","at":"2026-11-24T10:01:00Z","outcome":"error","status":401,"tier":1}"#, now: Fleet.t0 + .minutes(2))
        let second = try runner.run(input: #"{"agent":"coder-1","at":"2026-11-24T10:02:00Z","outcome":"error","status":401,"tier":2}"#, now: Fleet.t0 + .minutes(3))
        #expect(first.results.map(\.recreate) == [true] && second.results.map(\.recreate) == [true])
        try runner.delivered(second)
        try runner.delivered(first)
        let plan = try fleet.cycle(at: Fleet.t0 + .minutes(4))
        #expect(plan.agents.first { $0.agent == "coder-1" }?.recreate == false, "the container already runs tier 3's file")
    }

    /// Committed and never acknowledged (the process died): every later verb flags the container,
    /// whatever it does to it, until one output carrying the flag is acknowledged.
    @Test func anUnacknowledgedFlagIsRepeatedUntilAcknowledged() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        let runner = RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        let lost = try runner.run(input: #"{"agent":"coder-1","at":"2026-11-24T10:01:00Z","outcome":"error","status":401,"tier":1}"#, now: Fleet.t0 + .minutes(2))
        #expect(lost.results.map(\.recreate) == [true])
        let cycle = CycleRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        for minute in 3...4 {
            #expect(try cycle.run(now: Fleet.t0 + .minutes(minute)).agents.first { $0.agent == "coder-1" }?.recreate == true, "minute \(minute)")
        }
        #expect(try fleet.cycle(at: Fleet.t0 + .minutes(5)).agents.first { $0.agent == "coder-1" }?.recreate == true)
        #expect(try fleet.cycle(at: Fleet.t0 + .minutes(6)).agents.first { $0.agent == "coder-1" }?.recreate == false)
    }
}
