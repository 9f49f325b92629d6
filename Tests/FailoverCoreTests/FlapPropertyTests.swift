import FailoverCore
import Testing

/// Flap damping over long random sequences, from fixed seeds: the bounds on every step's cooldown,
/// the first step's exactness and the replay, whatever the backoff and cap.
@Suite struct FlapPropertyTests {
    @Test(arguments: 0..<30)
    func everyStepsCooldownStaysWithinItsBounds(seed: UInt64) {
        var rng = SeededGenerator(seed: 9100 + seed)
        var type = PropertyTests.types(&rng)
        type.failover.backoff = [1, 1.5, 2, 3, 10, FailoverPolicy.maximumBackoff].randomElement(using: &rng)!
        type.failover.maxCooldown = [nil, .minutes(15), .hours(1), .days(2)].randomElement(using: &rng)!
        let ceiling = max(type.failover.cooldown, type.failover.maxCooldown ?? FailoverPolicy.defaultMaxCooldown)
        let created = AgentState.created(agent: "coder-1", type: type, at: Machine.t0)
        var state = created.state
        var events = created.events
        var now = Machine.t0
        var stepsSoFar = 0
        for step in 0..<600 {
            // Mostly short gaps, so recoveries are often followed by a flap; sometimes long ones.
            now = now + TimeSpan(seconds: Bool.random(using: &rng) ? Int.random(in: 0...400, using: &rng) : Int.random(in: 0...5400, using: &rng))
            let input = PropertyTests.randomInput(&rng)
            let transition = state.applying(input, type: type, at: now)
            let next = transition.state
            #expect(next.flapCount >= 0)
            // The recovery moment is only ever kept on tier 1.
            if next.recoveredAt != nil { #expect(next.tier == 1, "seed \(seed) step \(step)") }
            for event in transition.events where event.kind == .stepDown || event.kind == .exhaustedPause {
                let cooldown = TimeSpan(seconds: Int(event.cooldownUntil!.seconds(since: now)))
                // Never past max(cooldown, max_cooldown), never under the configured cooldown.
                #expect(cooldown <= ceiling && cooldown >= type.failover.cooldown, "seed \(seed) step \(step)")
                // A step with no flap standing and no Retry-After keeps exactly the configured cooldown;
                // the first step of an instance never has a flap standing.
                if event.flapCount == 0, case .failure(_, _, _, nil) = input { #expect(cooldown == type.failover.cooldown) }
                if event.flapCount == 0, case .budget = input { #expect(cooldown == type.failover.cooldown) }
                if stepsSoFar == 0 { #expect(event.flapCount == 0) }
                // A flap needs a recovery within one base cooldown before it.
                if event.fromTier == 1, event.flapCount > 0 {
                    #expect(state.recoveredAt.map { now <= $0 + type.failover.cooldown } == true, "seed \(seed) step \(step)")
                    #expect(event.flapCount == state.flapCount + 1)
                }
                stepsSoFar += 1
            }
            #expect((next != state) == !transition.events.isEmpty, "seed \(seed) step \(step)")
            state = next
            events += transition.events
        }
        #expect(AgentState.replay(events)["coder-1"] == state, "seed \(seed)")
    }
}
