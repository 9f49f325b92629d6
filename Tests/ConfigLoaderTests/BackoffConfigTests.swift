import ConfigLoader
import FailoverCore
import Testing

/// `failover.backoff` (specs/config.md): what each consecutive flap multiplies the cooldown by.
@Suite struct BackoffConfigTests {
    static func yaml(_ failover: String) -> String {
        Fixtures.valid + "\n    failover: { \(failover) }"
    }

    /// Existing configs keep working: without the key, damping doubles per flap.
    @Test func unsetItIsTwo() throws {
        let report = Fixtures.check(Fixtures.valid)
        #expect(report.diagnostics.isEmpty)
        #expect(try #require(report.config).agentTypes[0].failover.backoff == 2)
    }

    @Test(arguments: [("backoff: 1", 1.0), ("backoff: 1.5", 1.5), ("backoff: 3", 3.0), ("backoff: 1000", 1000.0), ("backoff: \"2.25\"", 2.25)])
    func aNumberOfAtLeastOneIsRead(failover: String, value: Double) throws {
        let report = Fixtures.check(Self.yaml(failover))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try #require(report.config).agentTypes[0].failover.backoff == value)
    }

    @Test(arguments: [
        ("backoff: 0.5", "must be 1 to 1000, got 0.5"),
        ("backoff: 0", "must be 1 to 1000, got 0"),
        ("backoff: 1001", "must be 1 to 1000, got 1001"),
        ("backoff: -2", "must be 1 to 1000 (what each consecutive flap multiplies the cooldown by; 1 turns damping off), got \"-2\""),
        ("backoff: .inf", "must be a number of at least 1"),
        ("backoff: .nan", "must be a number of at least 1"),
        ("backoff: 1e3", "write it as plain digits with an optional decimal point (e.g. 2 or 1.5), without sign, exponent or underscores, got \"1e3\""),
        ("backoff: 1e9", "must be 1 to 1000"),
        ("backoff: +2", "write it as plain digits"),
        ("backoff: 2_0", "write it as plain digits"),
        ("backoff: ~", "must be a number of at least 1 (what each consecutive flap multiplies the cooldown by; 1 turns damping off), got nothing"),
        ("backoff: twice", "must be a number of at least 1"),
        ("backoff: 2x", "must be a number of at least 1"),
        ("backoff: \"\"", "must be a number of at least 1"),
        ("backoff: 99999999999999999999999999999999999999999", "must be 1 to 1000"),
        ("backoff: [2]", "must be a single value"),
    ])
    func anythingElseIsAnErrorAtItsPath(failover: String, message: String) throws {
        let problem = try #require(Fixtures.diagnostic(Self.yaml(failover), at: "agent_types.coder.failover.backoff"))
        #expect(problem.severity == .error)
        #expect(problem.message.contains(message), "\(problem.message)")
        #expect(problem.line == 7)
    }

    @Test func aMisspeltKeyGetsADidYouMean() throws {
        let problem = try #require(Fixtures.diagnostic(Self.yaml("backof: 2"), at: "agent_types.coder.failover.backof"))
        #expect(problem.message.contains("did you mean \"backoff\"?"), "\(problem.message)")
    }
}
