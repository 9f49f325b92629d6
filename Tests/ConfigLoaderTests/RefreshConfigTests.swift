import ConfigLoader
import FailoverCore
import Testing

/// `service.refresh`: how often a page reloads itself without script.
@Suite struct RefreshConfigTests {
    static func refresh(_ value: String) -> TimeSpan? {
        Fixtures.check("service: { refresh: \(value) }\n" + Fixtures.valid).config?.service.refresh
    }

    static func problem(_ value: String) -> Diagnostic? {
        Fixtures.diagnostic("service: { refresh: \(value) }\n" + Fixtures.valid, at: "service.refresh")
    }

    @Test func defaultsToAMinute() {
        #expect(Fixtures.check(Fixtures.valid).config?.service.refresh == .minutes(1))
    }

    @Test func takesADurationWithinItsBounds() {
        #expect(Self.refresh("30s") == TimeSpan(seconds: 30))
        #expect(Self.refresh("10s") == ServiceSettings.minimumRefresh)
        #expect(Self.refresh("1h") == ServiceSettings.maximumRefresh)
        #expect(Self.refresh("2m30s") == TimeSpan(seconds: 150))
    }

    @Test func zeroTurnsItOffWithOrWithoutAUnit() {
        #expect(Self.refresh("0") == TimeSpan(seconds: 0))
        #expect(Self.refresh("0s") == TimeSpan(seconds: 0))
        #expect(Self.refresh("\"0\"") == TimeSpan(seconds: 0))
    }

    @Test func badValuesAreErrorsAtTheKey() throws {
        let long = try #require(Self.problem("2h"))
        #expect(long.severity == .error)
        #expect(long.message == "\"2h\" is longer than the maximum of 1h")

        let short = try #require(Self.problem("5s"))
        #expect(short.message.hasPrefix("must be 0s (no reload) or from 10s to 1h"))

        // A bare number other than 0 could mean seconds or minutes.
        #expect(try #require(Self.problem("60")).message.contains("is not a duration"))
        #expect(try #require(Self.problem("soon")).message.contains("is not a duration"))
        #expect(try #require(Self.problem("-1m")).severity == .error)
        #expect(try #require(Self.problem("[1m]")).message.hasPrefix("must be a single value"))
        #expect(Self.refresh("2h") == nil, "an invalid config loads nothing")
    }

    @Test func theErrorNamesItsLine() throws {
        let yaml = Fixtures.valid + "\nservice:\n  refresh: 99h\n"
        let problem = try #require(Fixtures.diagnostic(yaml, at: "service.refresh"))
        #expect(problem.line != nil)
        #expect(problem.formatted(file: "failover.yaml").hasPrefix("failover.yaml:\(problem.line!):"))
    }

    @Test func theExampleConfigSpellsTheDefault() throws {
        let config = try ConfigLoader.load(path: Fixtures.examplePath)
        #expect(config.config.service.refresh == ServiceSettings().refresh)
    }
}
