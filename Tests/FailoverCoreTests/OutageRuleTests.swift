@testable import FailoverCore
import Testing

/// The type-wide outage step (specs/failover.md, "Outage step"), through the pure rule.
@Suite struct OutageRuleTests {
    static let agents: [AgentID] = (1...6).map { AgentID("coder-\($0)") }

    static func type(outageAfter: Int? = 3, chainLength: Int = 3) -> AgentType {
        var type = Machine.coder(chainLength: chainLength)
        type.instances = agents
        type.failover.outageAfter = outageAfter
        return type
    }

    /// What the fleet looks like once `failing` have each failed on tier 1 with `kind`, one minute apart:
    /// their states and their events, as `record` would have written them.
    static func fleet(failing: [AgentID], kind: FailureKind = .auth, type: AgentType = type(),
                      others: [AgentID: AgentState] = [:]) -> (states: [AgentID: AgentState], events: [LedgerEvent]) {
        var states: [AgentID: AgentState] = [:]
        for agent in agents { states[agent] = others[agent] ?? AgentState(agent: agent) }
        var events: [LedgerEvent] = []
        for (index, agent) in failing.enumerated() {
            let move = states[agent]!.applying(.failure(kind, tier: 1, detail: "401 authentication_error"), type: type, at: Machine.at(minutes: index))
            states[agent] = move.state
            events += move.events
        }
        return (states, events)
    }

    static func followers(_ fleet: (states: [AgentID: AgentState], events: [LedgerEvent]), type: AgentType = type()) -> [Transition] {
        OutageRule.followers(of: fleet.events.last!, type: type, recent: fleet.events) { fleet.states[$0] }
    }

    @Test func fewerThanOutageAfterInstancesMoveOnlyThemselves() {
        let fleet = Self.fleet(failing: ["coder-1", "coder-2"])
        #expect(Self.followers(fleet).isEmpty)
    }

    @Test func theNthInstanceMovesEveryOtherInstanceStillOnThatTier() throws {
        let fleet = Self.fleet(failing: ["coder-1", "coder-2", "coder-3"])
        let moves = Self.followers(fleet)
        #expect(moves.map(\.state.agent) == ["coder-4", "coder-5", "coder-6"])
        for move in moves {
            #expect(move.state.tier == 2)
            #expect(move.state.cooldownUntil == Machine.at(minutes: 2) + .minutes(15))
            #expect(move.state.lastFailureKind == .auth)
            let event = try #require(move.events.first)
            #expect(move.events.count == 1)
            #expect(event.kind == .stepDown && event.source == .outage && event.failureKind == .auth)
            #expect(event.fromTier == 1 && event.toTier == 2 && event.provider == "deepseek")
            #expect(event.at == Machine.at(minutes: 2))
            #expect(event.detail == "outage: 3 instances left anthropic within 15m (auth): coder-1, coder-2, coder-3")
        }
    }

    @Test func aRetryAfterIsNotPassedOnToTheFollowers() {
        var fleet = Self.fleet(failing: ["coder-1", "coder-2"])
        let asked = fleet.states["coder-3"]!.applying(.failure(.rateLimit, tier: 1, detail: "429", retryAfter: .hours(2)), type: Self.type(), at: Machine.at(minutes: 2))
        #expect(asked.state.cooldownUntil == Machine.at(minutes: 2) + .hours(2))
        fleet.states["coder-3"] = asked.state
        fleet.events += asked.events
        let moves = Self.followers(fleet)
        #expect(moves.count == 3)
        #expect(moves.allSatisfy { $0.state.cooldownUntil == Machine.at(minutes: 2) + .minutes(15) && $0.state.lastFailureKind == .rateLimit })
    }

    @Test func offUnlessSet() {
        let fleet = Self.fleet(failing: Array(Self.agents.prefix(5)), type: Self.type(outageAfter: nil))
        #expect(Self.followers(fleet, type: Self.type(outageAfter: nil)).isEmpty)
    }

    @Test func pausedInstancesAndInstancesOnAnotherTierAreLeftAlone() {
        var type = Self.type()
        type.instances = Self.agents
        let paused = AgentState(agent: "coder-4", paused: true)
        let below = AgentState(agent: "coder-5", tier: 3, cooldownUntil: Machine.at(minutes: 30))
        let fleet = Self.fleet(failing: ["coder-1", "coder-2", "coder-3"], others: ["coder-4": paused, "coder-5": below])
        #expect(Self.followers(fleet).map(\.state.agent) == ["coder-6"])
    }

    @Test func anInstanceTheStoreHasNeverSeenIsLeftAlone() {
        var fleet = Self.fleet(failing: ["coder-1", "coder-2", "coder-3"])
        fleet.states["coder-6"] = nil
        #expect(Self.followers(fleet).map(\.state.agent) == ["coder-4", "coder-5"])
    }

    @Test func aChainOfOneNeverMoves() {
        let type = Self.type(chainLength: 1)
        let fleet = Self.fleet(failing: ["coder-1", "coder-2", "coder-3"], type: type)
        #expect(fleet.events.isEmpty)
        let made = LedgerEvent(agent: "coder-3", at: Machine.t0, kind: .stepDown, fromTier: 1, toTier: 2, failureKind: .auth, source: .outcome,
                               detail: "", paused: false, cooldownUntil: nil, serverErrorStreak: 0, agentType: "coder")
        #expect(OutageRule.followers(of: made, type: type, recent: [made]) { AgentState(agent: $0) }.isEmpty)
    }

    @Test func budgetStepsAreNotEvidence() {
        var states: [AgentID: AgentState] = [:]
        var events: [LedgerEvent] = []
        for agent in Self.agents { states[agent] = AgentState(agent: agent) }
        for agent in ["coder-1", "coder-2", "coder-3"] as [AgentID] {
            let move = states[agent]!.applying(.budget(usedTokens: 2000, thresholdTokens: 1000), type: Self.type(), at: Machine.t0)
            states[agent] = move.state
            events += move.events
        }
        #expect(events.count == 3 && events.allSatisfy { $0.source == .budget })
        #expect(Self.followers((states, events)).isEmpty)
    }

    @Test func evidenceOlderThanOneCooldownDoesNotCount() {
        var fleet = Self.fleet(failing: ["coder-1", "coder-2"])
        // The third failure comes 17 minutes after the first: coder-1's step is more than 15m old.
        let move = fleet.states["coder-3"]!.applying(.failure(.auth, tier: 1, detail: "401"), type: Self.type(), at: Machine.at(minutes: 17))
        fleet.states["coder-3"] = move.state
        fleet.events += move.events
        #expect(Self.followers(fleet).isEmpty)
        // Exactly one cooldown old still counts.
        let edge = Self.fleet(failing: ["coder-2", "coder-3"])
        var fleet2 = edge
        let late = fleet2.states["coder-1"]!.applying(.failure(.auth, tier: 1, detail: "401"), type: Self.type(), at: Machine.at(minutes: 15))
        fleet2.states["coder-1"] = late.state
        fleet2.events += late.events
        #expect(Self.followers(fleet2).map(\.state.agent) == ["coder-4", "coder-5", "coder-6"])
    }

    @Test func outageStepsAreNotEvidenceSoTheyCannotCascade() {
        let fleet = Self.fleet(failing: ["coder-1", "coder-2", "coder-3"])
        let moves = Self.followers(fleet)
        let outageEvents = moves.flatMap(\.events)
        #expect(!outageEvents.contains(where: OutageRule.isEvidence))
        // Every instance on tier 2 now; the outage step's own events say nothing about deepseek.
        var states = fleet.states
        for move in moves { states[move.state.agent] = move.state }
        let again = OutageRule.followers(of: outageEvents.last!, type: Self.type(), recent: fleet.events + outageEvents) { states[$0] }
        #expect(again.isEmpty)
    }

    @Test func theSameInstanceFailingTwiceIsOneWitness() {
        var fleet = Self.fleet(failing: ["coder-1", "coder-2"])
        // coder-1 recovers and fails again: still two distinct instances.
        var state = fleet.states["coder-1"]!
        state = state.applying(.success(tier: 2), type: Self.type(), at: Machine.at(minutes: 3)).state
        #expect(state.tier == 2) // still cooling down
        state = AgentState(agent: "coder-1")
        let again = state.applying(.failure(.auth, tier: 1, detail: "401"), type: Self.type(), at: Machine.at(minutes: 4))
        fleet.states["coder-1"] = again.state
        fleet.events += again.events
        #expect(Self.followers(fleet).isEmpty)
    }

    @Test func leavingAnotherProviderIsOtherEvidence() {
        // Two left anthropic (tier 1), one left deepseek (tier 2): no provider has three.
        var fleet = Self.fleet(failing: ["coder-1", "coder-2"])
        let onDeepseek = AgentState(agent: "coder-3", tier: 2, cooldownUntil: Machine.at(minutes: 30))
        let move = onDeepseek.applying(.failure(.auth, tier: 2, detail: "401"), type: Self.type(), at: Machine.at(minutes: 3))
        fleet.states["coder-3"] = move.state
        fleet.events += move.events
        #expect(Self.followers(fleet).isEmpty)
    }

    @Test func persistentServerErrorsAndExhaustionCount() {
        // A two-tier chain where three instances on tier 2 are exhausted: the others on tier 2 follow into the pause.
        var type = Self.type(chainLength: 2)
        type.failover.serverErrorAfter = 1
        var others: [AgentID: AgentState] = [:]
        for agent in Self.agents { others[agent] = AgentState(agent: agent, tier: 2) }
        others["coder-6"] = AgentState(agent: "coder-6")
        var states = others
        var events: [LedgerEvent] = []
        for agent in ["coder-1", "coder-2", "coder-3"] as [AgentID] {
            let move = states[agent]!.applying(.failure(.serverError, tier: 2, detail: "503"), type: type, at: Machine.t0)
            states[agent] = move.state
            events += move.events
        }
        #expect(events.map(\.kind) == [.exhaustedPause, .exhaustedPause, .exhaustedPause])
        let moves = OutageRule.followers(of: events.last!, type: type, recent: events) { states[$0] }
        #expect(moves.map(\.state.agent) == ["coder-4", "coder-5"])
        #expect(moves.allSatisfy { $0.state.pauseReason == .exhausted && $0.events.first?.source == .outage })
    }

    @Test func theDetailNamesAtMostTenInstances() {
        let many = (1...25).map { AgentID("coder-\($0)") }
        let detail = OutageRule.describe(witnesses: many, provider: "anthropic", failure: .rateLimit, within: .minutes(15))
        #expect(detail.hasPrefix("outage: 25 instances left anthropic within 15m (rate_limit): coder-1, coder-10, coder-11"))
        #expect(detail.hasSuffix(" and 15 more"))
    }

    @Test func followersReplayLikeAnyOtherEvent() {
        let fleet = Self.fleet(failing: ["coder-1", "coder-2", "coder-3"])
        let moves = Self.followers(fleet)
        var states = fleet.states
        for move in moves { states[move.state.agent] = move.state }
        let created = Self.agents.map { agent in
            AgentState.created(agent: agent, type: Self.type(), at: Machine.t0 - .minutes(1)).events[0]
        }
        let replayed = AgentState.replay(created + fleet.events + moves.flatMap(\.events))
        for agent in Self.agents {
            #expect(replayed[agent].map { states[agent]!.differences(from: $0) } == [])
        }
    }

    /// Seeded random fleets and ledgers: the rule never moves a witness, a paused instance or one off
    /// the departed tier, every move is one outage-sourced step from that tier, and it fires only with
    /// enough distinct witnesses inside the window.
    @Test func randomLedgersKeepTheRule() {
        var fired = 0
        for seed in 0..<1000 as Range<UInt64> where Self.checkRandomLedger(seed: seed) { fired += 1 }
        // The generator must reach the rule often enough for the checks to mean something.
        #expect(fired >= 30, "the rule fired for only \(fired) of 1000 ledgers")
    }

    /// Whether the rule fired for this seed's ledger; checks what it did when it did.
    static func checkRandomLedger(seed: UInt64) -> Bool {
        var random = SeededGenerator(seed: seed)
        let needed = Int.random(in: 2...5, using: &random)
        let type = Self.type(outageAfter: needed, chainLength: Int.random(in: 2...3, using: &random))
        var states: [AgentID: AgentState] = [:]
        for agent in Self.agents {
            let tier = Int.random(in: 1...type.chain.count, using: &random)
            states[agent] = AgentState(agent: agent, tier: tier, paused: Int.random(in: 0..<5, using: &random) == 0)
        }
        // Weighted towards evidence, so that the rule fires often enough to be checked.
        let kinds: [EventKind] = [.stepDown, .stepDown, .stepDown, .exhaustedPause, .exhaustedWrap, .recovered]
        let sources: [EventSource] = [.outcome, .outcome, .outcome, .outcome, .budget, .outage, .config]
        let failures: [FailureKind?] = [.auth, .quota, .rateLimit, .serverError, .auth, .tokenBudget, nil]
        let events = (0..<Int.random(in: 1...20, using: &random)).map { index in
            LedgerEvent(agent: Self.agents.randomElement(using: &random)!, at: Machine.at(minutes: Int.random(in: -25...0, using: &random)),
                        kind: kinds.randomElement(using: &random)!, fromTier: Int.random(in: 1...2, using: &random), toTier: 1,
                        failureKind: failures.randomElement(using: &random)!, source: sources.randomElement(using: &random)!, detail: "e\(index)",
                        paused: false, cooldownUntil: nil, serverErrorStreak: 0, agentType: Bool.random(using: &random) ? "coder" : nil)
        }
        var trigger = events.last!
        trigger.at = Machine.t0
        let moves = OutageRule.followers(of: trigger, type: type, recent: events) { states[$0] }
        guard !moves.isEmpty else { return false }
        #expect(OutageRule.isEvidence(trigger))
        let left = type.entry(forTier: trigger.fromTier)!.provider
        let witnesses = Set(([trigger] + events).filter {
            OutageRule.isEvidence($0) && $0.at >= Machine.t0 - .minutes(15) && $0.at <= Machine.t0 && type.entry(forTier: $0.fromTier)?.provider == left
        }.map(\.agent))
        #expect(witnesses.count >= needed)
        for move in moves {
            let before = states[move.state.agent]!
            #expect(!witnesses.contains(move.state.agent) && !before.paused && before.tier == trigger.fromTier)
            #expect(move.events.count == 1 && move.events[0].source == .outage && move.events[0].fromTier == trigger.fromTier)
        }
        return true
    }
}
