import FailoverCore
import Testing

/// A step caused by an outcome that carried Retry-After (specs/failover.md, "Retry-After").
@Suite struct RetryAfterTests {
    let t0 = Machine.t0

    func step(retryAfter: TimeSpan?, maxCooldown: TimeSpan? = nil, kind: FailureKind = .rateLimit, from start: AgentState = AgentState(agent: "coder-1")) -> Transition {
        var type = Machine.coder()
        type.failover.maxCooldown = maxCooldown
        return start.applying(.failure(kind, tier: nil, detail: "429 rate_limit_error", retryAfter: retryAfter), type: type, at: t0)
    }

    @Test func longerThanTheCooldownStretchesIt() throws {
        let transition = step(retryAfter: .hours(2))
        #expect(transition.state.tier == 2)
        #expect(transition.state.cooldownUntil == t0 + .hours(2))
        let event = try #require(transition.events.first)
        #expect(event.kind == .stepDown && event.cooldownUntil == t0 + .hours(2))
        #expect(event.detail == "429 rate_limit_error; retry-after 7200s")
    }

    @Test func shorterThanTheCooldownKeepsTheCooldown() throws {
        let transition = step(retryAfter: TimeSpan(seconds: 30))
        #expect(transition.state.cooldownUntil == t0 + .minutes(15))
        #expect(try #require(transition.events.first).detail == "429 rate_limit_error; retry-after 30s (under the cooldown of 15m)")
    }

    @Test func longerThanMaxCooldownIsCapped() throws {
        let byDefault = step(retryAfter: .days(2))
        #expect(byDefault.state.cooldownUntil == t0 + .hours(4))
        #expect(try #require(byDefault.events.first).detail == "429 rate_limit_error; retry-after 172800s (capped at max_cooldown 4h)")
        let configured = step(retryAfter: .days(2), maxCooldown: .hours(10))
        #expect(configured.state.cooldownUntil == t0 + .hours(10))
    }

    @Test func withoutRetryAfterTheCooldownAndDetailAreUnchanged() throws {
        let transition = step(retryAfter: nil)
        #expect(transition.state.cooldownUntil == t0 + .minutes(15))
        #expect(try #require(transition.events.first).detail == "429 rate_limit_error")
    }

    @Test func anExhaustedPauseTakesItToo() throws {
        let onLastTier = AgentState(agent: "coder-1", tier: 3)
        let transition = step(retryAfter: .hours(3), from: onLastTier)
        #expect(transition.state.paused && transition.state.cooldownUntil == t0 + .hours(3))
        #expect(try #require(transition.events.first).kind == .exhaustedPause)
    }

    @Test func aWrapClearsTheCooldownWhateverWasAsked() throws {
        var type = Machine.coder(onExhausted: .wrap)
        type.failover.maxCooldown = nil
        let transition = AgentState(agent: "coder-1", tier: 3).applying(.failure(.auth, tier: nil, detail: "401", retryAfter: .hours(3)), type: type, at: t0)
        #expect(transition.state.tier == 1 && transition.state.cooldownUntil == nil)
        #expect(try #require(transition.events.first).detail == "401")
    }

    /// The 5xx that completes the streak is the one whose Retry-After counts.
    @Test func aServerErrorStreakUsesTheStepsRetryAfter() {
        let type = Machine.coder()
        var state = AgentState(agent: "coder-1")
        for retryAfter in [TimeSpan.hours(3), .hours(3), .hours(1)] {
            state = state.applying(.failure(.serverError, tier: nil, detail: "529", retryAfter: retryAfter), type: type, at: t0).state
        }
        #expect(state.tier == 2 && state.cooldownUntil == t0 + .hours(1))
    }

    @Test func theInstanceComesBackOnlyAfterTheLongerCooldown() {
        let stepped = step(retryAfter: .hours(2)).state
        let type = Machine.coder()
        #expect(stepped.applying(.success(tier: nil), type: type, at: t0 + .minutes(30)).state.tier == 2)
        #expect(stepped.applying(.success(tier: nil), type: type, at: t0 + .hours(2)).state.tier == 1)
    }

    @Test func replayReproducesTheStretchedCooldown() {
        let created = AgentState.created(agent: "coder-1", type: Machine.coder(), at: t0)
        let stepped = step(retryAfter: .hours(2), from: created.state)
        #expect(AgentState.replay(created.events + stepped.events)["coder-1"] == stepped.state)
    }

    @Test func theCapNeverFallsBelowTheCooldown() {
        #expect(FailoverPolicy(cooldown: .hours(6)).retryAfterCap == .hours(6))
        #expect(FailoverPolicy(cooldown: .minutes(15)).retryAfterCap == .hours(4))
        #expect(FailoverPolicy(cooldown: .minutes(15), maxCooldown: .hours(1)).retryAfterCap == .hours(1))
    }
}

/// HTTP-dates as a Retry-After carries them: the IMF-fixdate, and the two obsolete forms a recipient
/// must accept (RFC 9110 5.6.7).
@Suite struct HTTPDateTests {
    @Test func readsAnIMFFixdate() {
        #expect(Timestamp(httpDate: "Wed, 25 Nov 2026 18:00:00 GMT") == Timestamp(rfc3339: "2026-11-25T18:00:00Z"))
        #expect(Timestamp(httpDate: "Thu, 01 Jan 1970 00:00:00 GMT") == Timestamp(seconds: 0))
        #expect(Timestamp(httpDate: "Sun, 06 Nov 1994 08:49:37 GMT") == Timestamp(rfc3339: "1994-11-06T08:49:37Z"))
        #expect(Timestamp(httpDate: "Tue, 29 Feb 2028 00:00:00 GMT") == Timestamp(rfc3339: "2028-02-29T00:00:00Z"))
    }

    @Test func readsTheObsoleteFormsAndIgnoresSurroundingSpaces() {
        let near = Timestamp(rfc3339: "2026-11-25T10:00:00Z")!
        #expect(Timestamp(httpDate: "Wednesday, 25-Nov-26 18:00:00 GMT", near: near) == Timestamp(rfc3339: "2026-11-25T18:00:00Z"))
        #expect(Timestamp(httpDate: "Wed Nov 25 18:00:00 2026") == Timestamp(rfc3339: "2026-11-25T18:00:00Z"))
        #expect(Timestamp(httpDate: "Sun Nov  6 08:49:37 1994") == Timestamp(rfc3339: "1994-11-06T08:49:37Z"))
        #expect(Timestamp(httpDate: "  Wed, 25 Nov 2026 18:00:00 GMT\t") == Timestamp(rfc3339: "2026-11-25T18:00:00Z"))
        // A two-digit year more than 50 years ahead of the reference is the century before's.
        #expect(Timestamp(httpDate: "Sunday, 06-Nov-94 08:49:37 GMT", near: near) == Timestamp(rfc3339: "1994-11-06T08:49:37Z"))
        #expect(Timestamp(httpDate: "Monday, 06-Nov-73 08:49:37 GMT", near: near) == Timestamp(rfc3339: "2073-11-06T08:49:37Z"))
    }

    @Test(arguments: [
        "Thu, 25 Nov 2026 18:00:00 GMT",   // wrong weekday
        "Wed, 25 Nov 2026 18:00:00 UTC",
        "Wed, 25 Nov 2026 18:00 GMT",
        "Wed, 5 Nov 2026 18:00:00 GMT",
        "Wed, 25 nov 2026 18:00:00 GMT",
        "Wed, 25 Nov 2026 24:00:00 GMT",
        "Mon, 29 Feb 2027 00:00:00 GMT",
        "Tuesday, 25-Nov-26 18:00:00 GMT",  // RFC 850, wrong weekday
        "Wednesday, 25-Nov-2026 18:00:00 GMT",
        "Wed, 25-Nov-26 18:00:00 GMT",
        "Tue Nov 25 18:00:00 2026",         // asctime, wrong weekday
        "Wed Nov 25 18:00:00 26",
        "Wed,  25 Nov 2026 18:00:00 GMT",
        "2026-11-25T18:00:00Z",
        "   ",
        "",
    ])
    func refusesAnythingElse(text: String) {
        #expect(Timestamp(httpDate: text) == nil)
    }
}
