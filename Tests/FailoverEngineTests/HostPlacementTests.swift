import ConfigLoader
import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// A fleet under several dispatcher hosts sharing one store (specs/failover.md, "Hosts"): each host's
/// cycle and record write the env files of its own instances only, while state, budgets and the
/// ledger are fleet-wide. Here the hosts share one SQLite file, as they would share PostgreSQL.
@Suite struct HostPlacementTests {
    static let yaml = """
        service:
          usage_window: 24h
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3]
            hosts: { dispatch-a: [coder-1, coder-2], dispatch-b: [coder-3] }
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, outage_after: 2, triggers: [auth, quota, rate_limit, server_error, token_budget] }
            usage_threshold_tokens: 10000
          planner:
            mode: host
            provider: anthropic
            model: claude-opus-4-1
            instances: [planner-1]
            hosts: { dispatch-b: [planner-1] }
        """

    static func scope(_ fleet: Fleet, _ host: String?) throws -> HostScope {
        try HostScope(config: fleet.config().config, host: host, source: "--host")
    }

    static func cycle(_ fleet: Fleet, host: String, at now: Timestamp = Fleet.t0) throws -> CyclePlan {
        var runner = CycleRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        runner.scope = try scope(fleet, host)
        let plan = try runner.run(now: now)
        try runner.delivered(plan)
        return plan
    }

    static func record(_ fleet: Fleet, host: String, _ lines: [String], at now: Timestamp = Fleet.t0 + .days(1)) throws -> RecordReport {
        var runner = RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        runner.scope = try scope(fleet, host)
        let report = try runner.run(input: lines.joined(separator: "\n"), now: now)
        try runner.delivered(report)
        return report
    }

    @Test func theHostIsRequiredOnceTheConfigPlacesInstances() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        #expect(throws: HostScopeError.hostRequired(hosts: ["dispatch-a", "dispatch-b"])) { try Self.scope(fleet, nil) }
        #expect(throws: HostScopeError.unknownHost(source: "--host", host: "dispatch-c", hosts: ["dispatch-a", "dispatch-b"])) { try Self.scope(fleet, "dispatch-c") }
        #expect(throws: HostScopeError.self) { try Self.scope(fleet, "../a") }
        let single = try Fleet()
        #expect(throws: HostScopeError.noHostsInConfig(source: "--host", host: "dispatch-a")) { try Self.scope(single, "dispatch-a") }
        #expect(try Self.scope(single, nil).owns("coder-1"))
        let message = HostScopeError.unknownHost(source: "FAILOVER_HOST", host: "dispatch-c", hosts: ["dispatch-a", "dispatch-b"]).operatorMessage
        #expect(message.hasPrefix("FAILOVER_HOST dispatch-c: no agent type places instances on \"dispatch-c\" (did you mean"), "\(message)")
    }

    @Test func eachHostsCyclePlansAndWritesItsOwnInstancesOnly() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        let a = try Self.cycle(fleet, host: "dispatch-a")
        #expect(a.host == "dispatch-a")
        #expect(a.agents.map(\.agent) == ["coder-1", "coder-2"])
        #expect(a.agents.allSatisfy { $0.host == "dispatch-a" && $0.recreate })
        #expect(fleet.envFile("coder-1") != nil && fleet.envFile("coder-2") != nil)
        #expect(fleet.envFile("coder-3") == nil, "dispatch-b's container")
        // Every instance's state is reconciled, whichever host cycles first.
        #expect(try fleet.states().keys.sorted() == ["coder-1", "coder-2", "coder-3", "planner-1"])
        let b = try Self.cycle(fleet, host: "dispatch-b")
        #expect(b.agents.map(\.agent) == ["coder-3", "planner-1"])
        #expect(b.agents.first?.recreate == true && fleet.envFile("coder-3") != nil)
    }

    @Test func aStepOnAnotherHostsInstanceLeavesItsEnvFileToThatHost() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        _ = try Self.cycle(fleet, host: "dispatch-a")
        _ = try Self.cycle(fleet, host: "dispatch-b")
        let before = fleet.envFile("coder-3")
        // dispatch-a records coder-3's failure (a misrouted outcome is still an outcome): the state moves.
        let report = try Self.record(fleet, host: "dispatch-a", [outcome("coder-3", at: .minutes(1), "error", status: 401, type: "authentication_error")])
        #expect(report.results.map(\.host) == ["dispatch-b"])
        #expect(report.results[0].moved && !report.results[0].recreate, "dispatch-a does not flag another host's container")
        #expect(report.warnings.contains { $0.hasPrefix("coder-3 runs on dispatch-b and is now on tier 2: dispatch-b's next cycle writes its env file") }, "\(report.warnings)")
        #expect(fleet.envFile("coder-3") == before, "dispatch-a left it alone")
        #expect(try fleet.states()["coder-3"]?.tier == 2)
        // dispatch-b's next cycle writes it and flags the container.
        let b = try Self.cycle(fleet, host: "dispatch-b", at: .minutes(2))
        let coder3 = try #require(b.agents.first { $0.agent == "coder-3" })
        #expect(coder3.recreate && coder3.tier == 2)
        #expect(fleet.envFile("coder-3")?.contains("deepseek") == true)
        #expect(try fleet.verify().isEmpty)
    }

    @Test func anOutageStepReachesInstancesOnEveryHost() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        _ = try Self.cycle(fleet, host: "dispatch-a")
        _ = try Self.cycle(fleet, host: "dispatch-b")
        let auth = { (agent: String, minute: Int) in outcome(agent, at: .minutes(minute), "error", status: 401, type: "authentication_error", tier: 1) }
        let report = try Self.record(fleet, host: "dispatch-a", [auth("coder-1", 1), auth("coder-2", 2)])
        let follower = try #require(report.results.first { $0.source == .outage })
        #expect(follower.agent == "coder-3" && follower.host == "dispatch-b" && !follower.recreate)
        #expect(report.results.filter { $0.host == "dispatch-a" }.allSatisfy { $0.recreate })
        #expect(fleet.envFile("coder-1")?.contains("deepseek") == true)
        #expect(fleet.envFile("coder-3")?.contains("deepseek") == false)
        let b = try Self.cycle(fleet, host: "dispatch-b", at: .minutes(3))
        #expect(b.agents.first { $0.agent == "coder-3" }?.recreate == true)
        #expect(fleet.envFile("coder-3")?.contains("deepseek") == true)
    }

    @Test func theBudgetCountsEveryHostsUsage() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        _ = try Self.cycle(fleet, host: "dispatch-a")
        _ = try Self.cycle(fleet, host: "dispatch-b")
        // 6,000 tokens on each host: neither alone is over 10,000, together they are.
        let a = try Self.record(fleet, host: "dispatch-a", [outcome("coder-1", at: .minutes(1), input: 6000)])
        #expect(a.results[0].usage == "6000/10000" && !a.results[0].moved)
        let b = try Self.record(fleet, host: "dispatch-b", [outcome("coder-3", at: .minutes(2), input: 6000)])
        #expect(b.results[0].usage == "12000/10000")
        #expect(b.results[0].moved && b.results[0].recreate, "dispatch-b steps its own instance and flags it")
        #expect(try fleet.states()["coder-3"]?.lastFailureKind == .tokenBudget)
    }

    /// What a container was told is per host: an instance moved to another host is flagged there on
    /// its first cycle (the container must be started there), its file on the old host is removed (it
    /// holds a key), and moved back it is flagged again on the old host.
    @Test func anInstanceMovedBetweenHostsIsFlaggedWhereItArrives() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        _ = try Self.cycle(fleet, host: "dispatch-a")
        _ = try Self.cycle(fleet, host: "dispatch-b")
        let moved = Self.yaml.replacingOccurrences(of: "{ dispatch-a: [coder-1, coder-2], dispatch-b: [coder-3] }", with: "{ dispatch-a: [coder-1], dispatch-b: [coder-2, coder-3] }")
        try fleet.write(moved)
        let a = try Self.cycle(fleet, host: "dispatch-a", at: .minutes(1))
        #expect(a.agents.map(\.agent) == ["coder-1"])
        #expect(a.warnings.contains("coder-2 runs on dispatch-b now: removed its env file here (it held a key); stop its container on this host"), "\(a.warnings)")
        #expect(!a.warnings.contains { $0.hasPrefix("coder-3") }, "dispatch-b's own file, in a folder the two share, is not dispatch-a's to remove")
        #expect(fleet.envFile("coder-3")?.hasPrefix("# Written by failover for coder-3 on dispatch-b: tier 1 of 2") == true)
        // One folder stands for both hosts here: dispatch-b writes the file dispatch-a removed.
        let b = try Self.cycle(fleet, host: "dispatch-b", at: .minutes(2))
        #expect(b.agents.first { $0.agent == "coder-2" }?.recreate == true, "the same content, but never told on dispatch-b")
        #expect(fleet.envFile("coder-2") != nil)
        #expect(try Self.cycle(fleet, host: "dispatch-b", at: .minutes(3)).agents.allSatisfy { !$0.recreate }, "flagged once")
        try fleet.write(Self.yaml)
        let back = try Self.cycle(fleet, host: "dispatch-a", at: .minutes(4))
        #expect(back.agents.first { $0.agent == "coder-2" }?.recreate == true, "what dispatch-b told it is not what dispatch-a's container runs")
    }

    @Test func aHostTheConfigDoesNotKnowRecordsEveryLineAndWritesNoEnvFile() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        _ = try Self.cycle(fleet, host: "dispatch-a")
        let before = fleet.envFile("coder-1")
        var runner = RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        let (scope, problem) = HostScope.recording(config: try fleet.config().config, host: "dispatch-gone", source: "--host")
        #expect(problem == .unknownHost(source: "--host", host: "dispatch-gone", hosts: ["dispatch-a", "dispatch-b"]))
        runner.scope = scope
        let report = try runner.run(input: outcome("coder-1", at: .minutes(1), "error", status: 401, type: "authentication_error"), now: Fleet.t0 + .days(1))
        #expect(report.results.map(\.moved) == [true] && report.results[0].host == "dispatch-a" && !report.results[0].recreate)
        #expect(try fleet.states()["coder-1"]?.tier == 2, "the outcome is not lost")
        #expect(fleet.envFile("coder-1") == before)
        let (_, missing) = HostScope.recording(config: try fleet.config().config, host: nil, source: "FAILOVER_HOST")
        #expect(missing == .hostRequired(hosts: ["dispatch-a", "dispatch-b"]))
    }

    @Test func aPauseOnAnotherHostIsSaidAsAPause() throws {
        let fleet = try Fleet(yaml: Self.yaml)
        _ = try Self.cycle(fleet, host: "dispatch-a")
        let auth = { (minute: Int) in outcome("coder-3", at: .minutes(minute), "error", status: 401, type: "authentication_error") }
        let report = try Self.record(fleet, host: "dispatch-a", [auth(1), auth(2)])
        #expect(report.warnings.contains { $0.hasPrefix("coder-3 runs on dispatch-b and is now paused on tier 2, its chain exhausted (a reset brings it back)") }, "\(report.warnings)")
    }
}
