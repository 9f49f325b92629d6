import ConfigLoader
import FailoverCore
import Testing

/// `failover.outage_after` (specs/config.md): off unless set, at least 2, warned when it can never fire.
@Suite struct OutageAfterConfigTests {
    static func yaml(_ failover: String, instances: String = "[coder-1, coder-2]") -> String {
        Fixtures.valid.replacingOccurrences(of: "[coder-1, coder-2]", with: instances) + "\n    failover: { \(failover) }"
    }

    @Test func offUnlessSet() throws {
        let config = try #require(Fixtures.check(Fixtures.valid).config)
        #expect(config.agentTypes[0].failover.outageAfter == nil)
    }

    @Test func itIsRead() throws {
        let report = Fixtures.check(Self.yaml("outage_after: 2"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.config?.agentTypes[0].failover.outageAfter == 2)
    }

    @Test(arguments: [
        ("outage_after: 1", "must be at least 2, got 1"),
        ("outage_after: 0", "must be at least 2, got 0"),
        ("outage_after: -3", "must be at least 2, got -3"),
        ("outage_after: three", "must be a whole number of instances, at least 2, got \"three\""),
        ("outage_after: 2.5", "must be a whole number of instances, at least 2, got \"2.5\""),
        ("outage_after: 99999999999999999999999", "is over the limit of 1000000"),
        ("outage_after: 1000001", "1000001 is over the limit of 1000000"),
        ("outage_after: 9223372036854775807", "9223372036854775807 is over the limit of 1000000"),
    ])
    func aBadValueIsAnError(failover: String, message: String) throws {
        let problem = try #require(Fixtures.diagnostic(Self.yaml(failover), at: "agent_types.coder.failover.outage_after"))
        #expect(problem.severity == .error)
        #expect(problem.message.contains(message), "\(problem.message)")
    }

    @Test func moreThanTheTypeHasInstancesIsAWarning() throws {
        let problem = try #require(Fixtures.diagnostic(Self.yaml("outage_after: 3"), at: "agent_types.coder.failover.outage_after"))
        #expect(problem.severity == .warning)
        #expect(problem.message == "3 is more than the type's 2 instance(s), so the outage step never runs")
    }

    @Test func aChainOfOneIsAWarning() throws {
        let yaml = """
            agent_types:
              coder:
                instances: [coder-1, coder-2, coder-3]
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                failover: { outage_after: 2 }
            """
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.failover.outage_after"))
        #expect(problem.severity == .warning && problem.message.hasPrefix("a chain of one never moves"))
    }
}
