import FailoverCore
import Foundation
import TestSupport
import Testing

/// specs/failover.md, "Limits and bad input": values that cannot hold an out-of-range value.
@Suite struct BoundsTests {
    @Test func durationsSaturateAndReportHowLong() {
        #expect(TimeSpan(parsing: "106751991167300d") == nil)
        #expect(TimeSpan.seconds(parsing: "106751991167300d")! > TimeSpan.maximum.seconds)
        #expect(TimeSpan.seconds(parsing: "99999999999999999999999d") == Int.max)
        #expect(TimeSpan(parsing: "3660d") == TimeSpan.maximum)
        #expect(TimeSpan(parsing: "3661d") == nil)
        #expect(TimeSpan(seconds: .max) == TimeSpan.maximum)
        #expect(TimeSpan.days(.max) == TimeSpan.maximum)
        #expect(TimeSpan(seconds: .min).seconds == -TimeSpan.maximum.seconds)
    }

    @Test func timestampsStayWithinTheYearsRFC3339CanWrite() {
        #expect(Timestamp(seconds: .max) == Timestamp.latest)
        #expect(Timestamp(seconds: .min) == Timestamp.earliest)
        #expect(Timestamp.latest.description == "9999-12-31T23:59:59Z")
        #expect(Timestamp.earliest.description == "0000-01-01T00:00:00Z")
        #expect((Timestamp.latest + .days(30)).description == "9999-12-31T23:59:59Z")
        #expect((Timestamp.earliest - TimeSpan.maximum) == Timestamp.earliest)
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59-23:59") == Timestamp.latest)
        #expect(Timestamp(rfc3339: "2026-11-24T10:00:00Z")?.year == 2026)
    }

    @Test func aStepAtTheEndOfTimeStillWritesAValidCooldown() {
        var type = AgentType(name: "coder", instances: ["coder-1"], chain: [ChainEntry(provider: "anthropic", model: "m"), ChainEntry(provider: "deepseek", model: "d")])
        type.failover.cooldown = FailoverPolicy.maximumCooldown
        let state = AgentState(agent: "coder-1")
        let step = state.applying(.failure(.auth, tier: nil, detail: ""), type: type, at: Timestamp.latest)
        #expect(step.state.tier == 2)
        #expect(step.state.cooldownUntil == Timestamp.latest)
        #expect(step.state.cooldownUntil?.description == "9999-12-31T23:59:59Z")
    }

    @Test func tokenArithmeticSaturates() {
        #expect(Int.max.addingSaturating(1) == .max)
        #expect(Int.min.addingSaturating(-1) == .min)
        #expect(Int.min.multipliedSaturating(by: -1) == .max)
        #expect(Int(saturating: 1e300) == .max && Int(saturating: -1e300) == .min && Int(saturating: .nan) == 0)
        #expect(TokenBudget.isExceeded(used: .max, threshold: .max) == false)
    }

    /// Random and extreme moments, durations and texts through the parsers and formatters: nothing traps,
    /// and every time written out reads back.
    @Test func parsersAndFormattersNeverTrap() {
        var rng = SeededGenerator(seed: 41)
        for round in 0..<Hostile.iterations(5000) {
            let text = Hostile.string(&rng)
            _ = TimeSpan(parsing: text)
            _ = TimeSpan.seconds(parsing: text)
            _ = UsageWindow(parsing: text)
            if let parsed = Timestamp(rfc3339: text) {
                #expect(Timestamp(rfc3339: parsed.description) == parsed, "round \(round)")
            }
            let moment = Timestamp(seconds: Int64(truncatingIfNeeded: Hostile.integer(&rng)))
            let span = TimeSpan(seconds: Hostile.integer(&rng))
            let shifted = moment + span
            #expect(Timestamp(rfc3339: shifted.description) == shifted, "round \(round): \(shifted.seconds)")
            _ = (moment - span).utcDay
            _ = span.description
            _ = DidYouMean.hint(for: text, among: ["coder-1", "anthropic", String(repeating: "b", count: 64)])
        }
    }
}

/// Agents, types and providers are distinct types that read and write as their names.
@Suite struct IdentifierTests {
    @Test func anIdentifierIsItsNameOnTheWire() throws {
        let agent: AgentID = "coder-1"
        #expect(agent.description == "coder-1" && "\(agent)" == "coder-1")
        #expect(AgentID("a") < AgentID("b"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let written = String(decoding: try encoder.encode([ChainEntry(provider: "deepseek", model: "deepseek-chat")]), as: UTF8.self)
        #expect(written == #"[{"model":"deepseek-chat","provider":"deepseek"}]"#)
        #expect(try JSONDecoder().decode([AgentID].self, from: Data(#"["coder-1"]"#.utf8)) == [agent])
    }
}
