import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// `retry_after` on `record` lines (specs/failover.md, "Outcome lines" and "Limits and bad input").
@Suite struct RetryAfterRecordTests {
    /// A 429 from coder-1 at t0 + 1m carrying `retryAfter` (raw JSON).
    static func line(_ retryAfter: String, agent: String = "coder-1") -> String {
        #"{"agent":"\#(agent)","at":"2026-11-24T10:01:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","retry_after":\#(retryAfter)}"#
    }

    @Test(arguments: [
        ("7200", 7200),
        ("\"7200\"", 7200),
        ("\"Tue, 24 Nov 2026 12:01:00 GMT\"", 7200),
        // A date already past means now: the cooldown stays the configured one.
        ("\"Tue, 24 Nov 2026 09:00:00 GMT\"", 900),
        ("0", 900),
        // Past max_cooldown (4h by default): capped, not refused.
        ("86400", 14_400),
        ("99999999999999999999999999", 14_400),
        ("\"99999999999999999999999999\"", 14_400),
        // The header's optional whitespace, and the obsolete HTTP-date forms a recipient must accept.
        ("\" 7200 \"", 7200),
        ("\"Tuesday, 24-Nov-26 12:01:00 GMT\"", 7200),
        ("\"Tue Nov 24 12:01:00 2026\"", 7200),
    ])
    func accepted(retryAfter: String, cooldownSeconds: Int) throws {
        let fleet = try Fleet()
        let report = try fleet.record([Self.line(retryAfter)])
        #expect(report.rejected.isEmpty)
        let state = try #require(try fleet.states()["coder-1"])
        #expect(state.tier == 2)
        #expect(state.cooldownUntil == Timestamp.minutes(1) + TimeSpan(seconds: cooldownSeconds))
        #expect(try fleet.verify().isEmpty)
    }

    @Test(arguments: [
        ("-1", "\"retry_after\" must not be negative, got -1"),
        ("-99999999999999999999999999", "\"retry_after\" must not be negative, got -99999999999999999999999999"),
        ("1.5", "\"retry_after\" must be whole seconds, got 1.5"),
        ("\"soon\"", "\"retry_after\" \"soon\" is neither seconds nor an HTTP-date"),
        ("\"Wed, 24 Nov 2026 12:01:00 GMT\"", "is neither seconds nor an HTTP-date"),
        ("\"Tue, 31 Nov 2026 12:01:00 GMT\"", "is neither seconds nor an HTTP-date"),
        ("\"2026-11-24T12:00:00Z\"", "is neither seconds nor an HTTP-date"),
        ("\"\"", "is neither seconds nor an HTTP-date"),
        ("true", "\"retry_after\" must be seconds (a whole number, 0 or more) or an HTTP-date such as \"Wed, 25 Nov 2026 18:00:00 GMT\", got true"),
        ("[1]", "got an object or list"),
    ])
    func refused(retryAfter: String, reason: String) throws {
        let fleet = try Fleet()
        let report = try fleet.record([Self.line(retryAfter, agent: "coder-2"), Self.line("60")])
        #expect(report.rejected.count == 1)
        #expect(report.rejected.first?.line == 1)
        #expect(report.rejected.first?.reason.contains(reason) == true, "\(report.rejected)")
        #expect(try fleet.states()["coder-2"] == nil)
        #expect(try fleet.states()["coder-1"]?.tier == 2)
    }

    @Test func theLedgerDetailSaysIt() throws {
        let fleet = try Fleet()
        _ = try fleet.record([Self.line("7200")])
        let step = try #require(try fleet.events(agent: "coder-1").first { $0.kind == .stepDown })
        #expect(step.detail.hasSuffix("; retry-after 7200s"))
        #expect(step.cooldownUntil == Timestamp.minutes(1) + .hours(2))
    }

    @Test func aConfiguredMaxCooldownCaps() throws {
        let fleet = try Fleet(yaml: Fleet.standardYAML.replacingOccurrences(of: "cooldown: 15m", with: "cooldown: 15m\n      max_cooldown: 1h"))
        _ = try fleet.record([Self.line("7200")])
        #expect(try fleet.states()["coder-1"]?.cooldownUntil == Timestamp.minutes(1) + .hours(1))
    }
}
