import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// The outage step through `RecordRunner` and a real SQLite file: the followers move in the batch's
/// transaction, get their env files, and the ledger still replays.
@Suite struct OutageStepRecordTests {
    static let yaml = """
        service:
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3, coder-4, coder-5, coder-6]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, outage_after: 3 }
          reviewer:
            instances: [reviewer-1]
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
              - { provider: deepseek, model: deepseek-chat }
        """

    static func auth(_ agent: String, minute: Int) -> String {
        outcome(agent, at: .minutes(minute), "error", status: 401, type: "authentication_error", message: "invalid x-api-key", tier: 1)
    }

    @Test func theThirdFailureMovesTheRestOfTheTypeInTheSameBatch() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        try fleet.cycle()
        let report = try fleet.record([Self.auth("coder-1", minute: 1), Self.auth("coder-2", minute: 2), Self.auth("coder-3", minute: 3)])
        #expect(report.outcomes.map(\.agent) == ["coder-1", "coder-2", "coder-3"])
        let followers = report.results.filter { $0.source == .outage }
        #expect(followers.map(\.agent) == ["coder-4", "coder-5", "coder-6"])
        #expect(followers.allSatisfy { $0.line == 3 && $0.moved && $0.toTier == 2 && $0.recreate && $0.usage == nil })
        let states = try fleet.states()
        #expect((1...6).allSatisfy { states[AgentID("coder-\($0)")]?.tier == 2 })
        #expect(states["reviewer-1"]?.tier == 1)
        #expect(fleet.envFile("coder-5")?.contains("ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic") == true)
        let outage = try fleet.events().filter { $0.source == .outage }
        #expect(outage.map(\.agent) == ["coder-4", "coder-5", "coder-6"])
        #expect(outage.allSatisfy { $0.detail == "outage: 3 instances left anthropic within 15m (auth): coder-1, coder-2, coder-3" && $0.at == .minutes(3) })
        #expect(try fleet.verify() == [])
    }

    @Test func evidenceFromEarlierBatchesCounts() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        try fleet.cycle()
        try fleet.record([Self.auth("coder-1", minute: 1)])
        try fleet.record([Self.auth("coder-2", minute: 5)])
        #expect(try fleet.states()["coder-4"]?.tier == 1)
        let report = try fleet.record([Self.auth("coder-3", minute: 10)])
        #expect(report.results.filter { $0.source == .outage }.map(\.agent) == ["coder-4", "coder-5", "coder-6"])
        #expect(try fleet.verify() == [])
    }

    @Test func evidenceOlderThanTheCooldownDoesNot() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        try fleet.cycle()
        try fleet.record([Self.auth("coder-1", minute: 1), Self.auth("coder-2", minute: 5)])
        let report = try fleet.record([Self.auth("coder-3", minute: 17)])
        #expect(report.results.allSatisfy { $0.source == .outcome })
        #expect(try fleet.states()["coder-4"]?.tier == 1)
    }

    @Test func anotherTypesFailuresAreNotEvidence() throws {
        let fleet = try Fleet(yaml: Self.yaml.replacingOccurrences(of: "instances: [reviewer-1]", with: "instances: [reviewer-1, reviewer-2]"))
        try fleet.cycle()
        let report = try fleet.record([Self.auth("reviewer-1", minute: 1), Self.auth("reviewer-2", minute: 2), Self.auth("coder-1", minute: 3)])
        #expect(report.results.allSatisfy { $0.source == .outcome })
        #expect(try fleet.states()["coder-2"]?.tier == 1)
    }

    @Test func withoutOutageAfterEveryInstanceFailsAlone() throws {
        let fleet = try Fleet(yaml: Self.yaml.replacingOccurrences(of: ", outage_after: 3", with: ""))
        try fleet.cycle()
        try fleet.record((1...5).map { Self.auth("coder-\($0)", minute: $0) })
        #expect(try fleet.states()["coder-6"]?.tier == 1)
        #expect(try fleet.events().allSatisfy { $0.source != .outage })
    }

    @Test func aFollowerWhoseOwnLineComesLaterIsNotMovedTwice() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        try fleet.cycle()
        // coder-4's own failure on tier 1 arrives after the outage step moved it: a late result.
        let report = try fleet.record([Self.auth("coder-1", minute: 1), Self.auth("coder-2", minute: 2), Self.auth("coder-3", minute: 3),
                                       Self.auth("coder-4", minute: 4)])
        #expect(report.results.last?.agent == "coder-4" && report.results.last?.ignored == .late)
        #expect(try fleet.states()["coder-4"]?.tier == 2)
        #expect(try fleet.events(agent: "coder-4").filter { $0.kind == .stepDown }.count == 1)
        #expect(try fleet.verify() == [])
    }
}
