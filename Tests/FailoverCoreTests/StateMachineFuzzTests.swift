import FailoverCore
import TestSupport
import Testing

/// The classifier and the state machine under seeded random and extreme input: no trap, the tier
/// always inside the chain, every time writable, and the ledger replaying to the state.
@Suite struct StateMachineFuzzTests {
    @Test(arguments: 0..<8)
    func extremeSequencesKeepTheInvariants(seed: UInt64) {
        var rng = SeededGenerator(seed: 7000 + seed)
        var type = PropertyTests.types(&rng)
        type.failover.cooldown = [TimeSpan(seconds: 0), .minutes(15), FailoverPolicy.maximumCooldown].randomElement(using: &rng)!
        type.failover.serverErrorAfter = [1, 3, FailoverPolicy.maximumServerErrorAfter].randomElement(using: &rng)!
        type.failover.maxCooldown = [nil, type.failover.cooldown, FailoverPolicy.maximumCooldown].randomElement(using: &rng)!
        // Including backoffs the loader refuses: the machine must not trap on any policy a caller builds.
        type.failover.backoff = [1, 2, FailoverPolicy.maximumBackoff, .greatestFiniteMagnitude, .infinity, .nan, 0, -1].randomElement(using: &rng)!
        let created = AgentState.created(agent: "coder-1", type: type, at: Machine.t0)
        var state = created.state
        var events = created.events
        var now = Machine.t0
        for step in 0..<Hostile.iterations(400) {
            // Time mostly moves forward a little; sometimes it leaps to the ends of the calendar or back.
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: now = Timestamp.latest
            case 1: now = Timestamp.earliest
            case 2: now = Timestamp(seconds: Int64(truncatingIfNeeded: Hostile.integer(&rng)))
            default: now = now + TimeSpan(seconds: Int.random(in: 0...900, using: &rng))
            }
            let input: FailoverInput
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: input = .budget(usedTokens: Hostile.integer(&rng), thresholdTokens: Hostile.integer(&rng))
            case 1:
                // The parser bounds retry_after; the machine must not trap on any span a caller builds.
                let retryAfter: TimeSpan? = Bool.random(using: &rng) ? nil : TimeSpan(seconds: Hostile.integer(&rng))
                input = .failure(FailureKind.allCases.randomElement(using: &rng)!, tier: Hostile.integer(&rng), detail: Hostile.string(&rng), retryAfter: retryAfter)
            case 2: input = .control(ControlEntry(paused: Bool.random(using: &rng), reset: Bool.random(using: &rng) ? Hostile.string(&rng) : nil))
            case 3:
                // A success at once after the cooldown, then failures: flaps in a row, up to the cap.
                input = Bool.random(using: &rng) ? .success(tier: nil) : .failure(.auth, tier: nil, detail: "401")
                if let until = state.cooldownUntil, Bool.random(using: &rng) { now = until }
            default: input = PropertyTests.randomInput(&rng)
            }
            let transition = state.applying(input, type: type, at: now)
            #expect((1...type.chain.count).contains(transition.state.tier), "seed \(seed) step \(step)")
            #expect((transition.state != state) == !transition.events.isEmpty, "seed \(seed) step \(step)")
            for event in transition.events {
                #expect(Timestamp(rfc3339: event.at.description) == event.at)
                if let until = event.cooldownUntil { #expect(Timestamp(rfc3339: until.description) == until) }
                #expect(event.flapCount >= 0)
            }
            state = transition.state
            events += transition.events
        }
        #expect(AgentState.replay(events)["coder-1"] == state, "seed \(seed)")
    }

    @Test func theClassifierTakesAnything() {
        var rng = SeededGenerator(seed: 77)
        let providers: [ProviderName] = ["anthropic", "deepseek", "openrouter", "ollama", "custom", ""]
        for round in 0..<Hostile.iterations(3000) {
            let report = ErrorReport(
                status: Bool.random(using: &rng) ? Hostile.integer(&rng) : Int.random(in: 100...599, using: &rng),
                errorType: Bool.random(using: &rng) ? Hostile.string(&rng) : nil,
                message: Bool.random(using: &rng) ? Hostile.string(&rng) : nil
            )
            let classification = ErrorClassifier.standard.classify(report, provider: providers.randomElement(using: &rng)!)
            #expect(FailureKind.allCases.contains(classification.kind), "round \(round)")
            #expect(!classification.rule.isEmpty)
        }
    }
}
