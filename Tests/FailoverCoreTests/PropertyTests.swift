import FailoverCore
import Testing

/// Properties over long random input sequences, from fixed seeds so a failure reproduces.
@Suite struct PropertyTests {
    static func randomInput(_ rng: inout SeededGenerator) -> FailoverInput {
        let tier: Int? = Bool.random(using: &rng) ? nil : Int.random(in: 1...3, using: &rng)
        switch Int.random(in: 0..<20, using: &rng) {
        case 0..<6: return .success(tier: tier, overBudget: Bool.random(using: &rng))
        case 6..<13:
            // Retry-After from nothing to twice the default max_cooldown, so every branch of the cap runs.
            let retryAfter: TimeSpan? = Bool.random(using: &rng) ? nil : TimeSpan(seconds: Int.random(in: 0...(8 * 3600), using: &rng))
            return .failure(FailureKind.allCases.randomElement(using: &rng)!, tier: tier, detail: "random", retryAfter: retryAfter)
        case 13..<15: return .budget(usedTokens: Int.random(in: 0...2000, using: &rng), thresholdTokens: 1000)
        case 15..<18:
            let paused: Bool? = [true, false, nil].randomElement(using: &rng)!
            let reset: String? = [nil, nil, "r\(Int.random(in: 0..<4, using: &rng))"].randomElement(using: &rng)!
            return .control(ControlEntry(paused: paused, reset: reset))
        default: return .reconcile
        }
    }

    static func types(_ rng: inout SeededGenerator) -> AgentType {
        Machine.coder(
            onExhausted: Bool.random(using: &rng) ? .pause : .wrap,
            triggers: Set(FailureKind.triggerable.filter { _ in Int.random(in: 0..<4, using: &rng) > 0 }),
            chainLength: Int.random(in: 1...3, using: &rng)
        )
    }

    @Test(arguments: 0..<40)
    func invariantsHoldOverRandomSequences(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let type = Self.types(&rng)
        let created = AgentState.created(agent: "coder-1", type: type, at: Machine.t0)
        var state = created.state
        var events = created.events
        var now = Machine.t0
        for _ in 0..<500 {
            now = now + TimeSpan(seconds: Int.random(in: 0...600, using: &rng))
            let input = Self.randomInput(&rng)
            let transition = state.applying(input, type: type, at: now)
            // The tier always stays within the chain.
            #expect((1...type.chain.count).contains(transition.state.tier))
            // A paused instance never moves: only control can change it.
            if state.paused, case .control = input {} else if state.paused {
                #expect(transition.state == state)
            }
            // A step's cooldown is at least `cooldown` and at most the Retry-After cap.
            if let until = transition.state.cooldownUntil, until != state.cooldownUntil,
               transition.events.contains(where: { $0.kind == .stepDown || $0.kind == .exhaustedPause }) {
                #expect(until.seconds(since: now) >= Int64(type.failover.cooldown.seconds))
                #expect(until.seconds(since: now) <= Int64(type.failover.retryAfterCap.seconds))
            }
            // The budget moves work off tier 1 only: it never steps an instance already below it,
            // and over budget a success never brings back one it moved.
            for event in transition.events where event.source == .budget { #expect(event.fromTier == 1 && state.tier == 1) }
            if state.tier > 1, state.lastFailureKind == .tokenBudget, case .success(_, true) = input {
                #expect(transition.state.tier == state.tier)
            }
            // A chain of one never leaves tier 1.
            if type.chain.count == 1 { #expect(transition.state.tier == 1) }
            // A state change always comes with an event, and no event comes without one.
            #expect((transition.state != state) == !transition.events.isEmpty)
            state = transition.state
            events += transition.events
        }
        // Replaying the ledger reproduces the state.
        #expect(AgentState.replay(events)["coder-1"] == state)
    }
}
