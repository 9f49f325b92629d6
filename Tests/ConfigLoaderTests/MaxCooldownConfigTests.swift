import ConfigLoader
import FailoverCore
import Testing

/// `failover.max_cooldown` (specs/config.md): the cap on a provider's Retry-After.
@Suite struct MaxCooldownConfigTests {
    static func yaml(_ failover: String) -> String {
        Fixtures.valid + "\n    failover: { \(failover) }"
    }

    @Test func itIsReadAndCapsRetryAfter() throws {
        let config = try #require(Fixtures.check(Self.yaml("cooldown: 30m, max_cooldown: 2h")).config)
        let policy = config.agentTypes[0].failover
        #expect(policy.maxCooldown == .hours(2))
        #expect(policy.cooldown(retryAfter: .hours(9)) == .hours(2))
    }

    /// Existing configs keep working: unset, the cap is 4h, or the cooldown when that is longer.
    @Test func unsetItDefaultsWithoutBreakingALongCooldown() throws {
        let plain = try #require(Fixtures.check(Fixtures.valid).config).agentTypes[0].failover
        #expect(plain.maxCooldown == nil && plain.retryAfterCap == .hours(4))
        let report = Fixtures.check(Self.yaml("cooldown: 6h"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.config?.agentTypes[0].failover.retryAfterCap == .hours(6))
    }

    @Test func shorterThanTheCooldownIsAnError() throws {
        let problem = try #require(Fixtures.diagnostic(Self.yaml("cooldown: 1h, max_cooldown: 30m"), at: "agent_types.coder.failover.max_cooldown"))
        #expect(problem.severity == .error)
        #expect(problem.message.hasPrefix("30m is shorter than cooldown (1h)"), "\(problem.message)")
        #expect(problem.line == 7)
    }

    @Test(arguments: [
        ("max_cooldown: soon", "\"soon\" is not a duration"),
        ("max_cooldown: 31d", "is longer than the maximum of 30d"),
        ("max_cooldown: 99999999999999999999999h", "is longer than the maximum of 30d"),
        ("max_cooldown: 4", "\"4\" is not a duration"),
    ])
    func aBadDurationIsAnError(failover: String, message: String) throws {
        let problem = try #require(Fixtures.diagnostic(Self.yaml(failover), at: "agent_types.coder.failover.max_cooldown"))
        #expect(problem.severity == .error)
        #expect(problem.message.contains(message), "\(problem.message)")
    }
}
