import FailoverCore
import FailoverEngine
import Foundation
import Testing

@Suite struct CycleRunnerTests {
    @Test func newInstancesStartAtTierOneWithAnEventAndGetPrivateEnvFiles() throws {
        let fleet = try Fleet()
        let plan = try fleet.cycle()
        #expect(plan.agents.map(\.agent) == ["coder-1", "coder-2", "reviewer-1", "planner-1"])
        #expect(plan.agents.allSatisfy { $0.tier == 1 && $0.dispatchable })
        #expect(plan.events.map(\.kind) == [.created, .created, .created, .created])
        #expect(plan.events.allSatisfy { $0.source == .config })
        let coder = try #require(plan.agents.first)
        #expect(coder.tiers == 3 && coder.provider == "anthropic" && coder.model == "claude-sonnet-4-5" && coder.recreate)
        let envPath = try #require(coder.envFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: envPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(fleet.envFile("coder-1")?.contains("ANTHROPIC_API_KEY=sk-ant-test-key-000000000000") == true)
        // Host instances get no env file.
        let planner = try #require(plan.agents.last)
        #expect(planner.envFile == nil && !planner.recreate)
    }

    @Test func aSecondCycleChangesNothingAndRecreatesNothing() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        let again = try fleet.cycle(at: .minutes(1))
        #expect(again.events.isEmpty)
        #expect(again.recreate.isEmpty)
    }

    @Test func recreateFollowsTheFileContentExactly() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        // Rotating a key changes the file: recreate, even though the tier did not move.
        fleet.environment["ANTHROPIC_API_KEY"] = "sk-ant-rotated-key-00000000"
        #expect(try fleet.cycle(at: .minutes(1)).recreate == ["coder-1", "coder-2", "reviewer-1"])
        #expect(try fleet.cycle(at: .minutes(2)).recreate.isEmpty)
    }

    @Test func controlPauseUnpauseAndResetApplyWithConfigEvents() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        try fleet.write(Fleet.standardYAML + "\ncontrol:\n  coder-1: { paused: true }\n")
        let paused = try fleet.cycle(at: .minutes(1))
        #expect(paused.agents[0].paused && !paused.agents[0].dispatchable)
        #expect(paused.events.map(\.kind) == [.paused])
        #expect(paused.events[0].source == .config)
        // A level: stays paused, no new events.
        #expect(try fleet.cycle(at: .minutes(2)).events.isEmpty)
        try fleet.write(Fleet.standardYAML + "\ncontrol:\n  coder-1: { paused: false }\n")
        #expect(try fleet.cycle(at: .minutes(3)).events.map(\.kind) == [.unpaused])
        // Reset: an edge, once per value.
        try fleet.record([outcome("coder-1", at: .minutes(4), "error", status: 401, type: "authentication_error")], at: .minutes(4))
        #expect(try fleet.states()["coder-1"]?.tier == 2)
        try fleet.write(Fleet.standardYAML + "\ncontrol:\n  coder-1: { reset: \"2026-11-24T10:15Z\" }\n")
        let reset = try fleet.cycle(at: .minutes(5))
        #expect(reset.events.map(\.kind) == [.reset])
        #expect(reset.agents[0].tier == 1 && reset.agents[0].recreate)
        try fleet.record([outcome("coder-1", at: .minutes(6), "error", status: 401, type: "authentication_error")], at: .minutes(6))
        #expect(try fleet.cycle(at: .minutes(7)).events.isEmpty)
        #expect(try fleet.states()["coder-1"]?.tier == 2)
        #expect(try fleet.verify().isEmpty)
    }

    @Test func aChainEditBeyondTheTierReturnsToTierOne() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        try fleet.record([
            outcome("coder-1", at: .minutes(1), "error", status: 401, type: "authentication_error"),
            outcome("coder-1", at: .minutes(2), "error", status: 402, type: "billing_error"),
        ], at: .minutes(2))
        #expect(try fleet.states()["coder-1"]?.tier == 3)
        try fleet.write(Fleet.standardYAML.replacingOccurrences(of: "      - { provider: ollama, model: \"qwen3-coder:30b\" }\n", with: ""))
        let plan = try fleet.cycle(at: .minutes(3))
        #expect(plan.events.map(\.kind) == [.chainChanged])
        #expect(plan.agents[0].tier == 1 && plan.agents[0].tiers == 2 && plan.agents[0].recreate)
    }

    @Test func aProviderSwapOnTheCurrentTierKeepsTheTierAndRecreates() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        try fleet.record([outcome("coder-1", at: .minutes(1), "error", status: 401, type: "authentication_error")], at: .minutes(1))
        try fleet.write(Fleet.standardYAML.replacingOccurrences(of: "{ provider: deepseek, model: deepseek-chat }", with: "{ provider: openrouter, model: deepseek/deepseek-chat }"))
        let plan = try fleet.cycle(at: .minutes(2))
        #expect(plan.events.isEmpty)
        #expect(plan.agents[0].tier == 2 && plan.agents[0].provider == "openrouter" && plan.agents[0].recreate)
        #expect(fleet.envFile("coder-1")?.contains("ANTHROPIC_BASE_URL=https://openrouter.ai/api") == true)
    }

    @Test func removedInstancesKeepTheirHistory() throws {
        let fleet = try Fleet()
        try fleet.cycle()
        try fleet.write(Fleet.standardYAML.replacingOccurrences(of: "[coder-1, coder-2]", with: "[coder-1]"))
        let plan = try fleet.cycle(at: .minutes(1))
        #expect(!plan.agents.map(\.agent).contains("coder-2"))
        #expect(try fleet.states()["coder-2"] != nil)
        #expect(try fleet.events(agent: "coder-2").map(\.kind) == [.created])
    }

    @Test func aMissingKeyIsAWarningNamingTheVariableAndNeverAnEmptyToken() throws {
        let fleet = try Fleet()
        fleet.environment.removeValue(forKey: "ANTHROPIC_API_KEY")
        let plan = try fleet.cycle()
        let coder = try #require(plan.agents.first)
        #expect(!coder.dispatchable && !coder.recreate)
        #expect(coder.warnings.first?.contains("ANTHROPIC_API_KEY is not set") == true)
        #expect(plan.warnings.contains { $0.hasPrefix("coder-1: ANTHROPIC_API_KEY") })
        #expect(fleet.envFile("coder-1") == nil)
    }

    @Test func anUnwritableEnvFolderChangesNothing() throws {
        let fleet = try Fleet()
        // A file where the env folder should be.
        try FileManager.default.createDirectory(at: fleet.folder.appendingPathComponent("var"), withIntermediateDirectories: true)
        try "x".write(to: fleet.folder.appendingPathComponent("var/env"), atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try fleet.cycle() }
        #expect(try fleet.states().isEmpty)
        #expect(try fleet.events().isEmpty)
    }
}
