import ConfigLoader
import FailoverCore
import Testing

/// `service.lock_timeout`: how long a verb waits for another process's write (specs/config.md).
@Suite struct LockTimeoutTests {
    @Test func defaultsToAMinute() {
        #expect(Fixtures.check(Fixtures.valid).config?.service.lockTimeout == .minutes(1))
    }

    @Test func takesADuration() {
        #expect(Fixtures.check("service: { lock_timeout: 2m30s }\n" + Fixtures.valid).config?.service.lockTimeout == TimeSpan(seconds: 150))
        #expect(Fixtures.check("service: { lock_timeout: 1h }\n" + Fixtures.valid).config?.service.lockTimeout == .hours(1))
    }

    @Test(arguments: [("0s", "must be between 1s and 1h"), ("61m", "\"61m\" is longer than the maximum of 1h"), ("2h", "\"2h\" is longer than the maximum of 1h")])
    func refusesNothingAndForever(_ value: String, _ message: String) {
        let diagnostic = Fixtures.diagnostic("service: { lock_timeout: \(value) }\n" + Fixtures.valid, at: "service.lock_timeout")
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.message.hasPrefix(message) == true, "\(diagnostic?.message ?? "none")")
    }

    @Test func refusesABareNumber() {
        let diagnostic = Fixtures.diagnostic("service: { lock_timeout: 60 }\n" + Fixtures.valid, at: "service.lock_timeout")
        #expect(diagnostic?.message.contains("is not a duration") == true)
    }
}
