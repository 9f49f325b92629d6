import ConfigLoader
import FailoverCore
import FailoverStore
import Foundation

/// A deterministic history for a synthetic fleet: `events` ledger events and `usageRows` task-usage
/// rows spread evenly over the `days` before `end`, written through the store's own code. Events come
/// from running the real state machine on generated outcomes and control edits, so the ledger replays
/// to the state table exactly as a real one does.
package struct ScaleGenerator {
    package var events: Int
    package var usageRows: Int
    package var days: Int
    package var end: Timestamp
    package var seed: UInt64

    /// Rows per transaction: bounds the rollups a transaction keeps in memory.
    static let chunk = 250_000

    package init(events: Int, usageRows: Int, days: Int, end: Timestamp, seed: UInt64 = 7) {
        self.events = events
        self.usageRows = usageRows
        self.days = days
        self.end = end
        self.seed = seed
    }

    package struct Summary: Sendable {
        package var events: Int
        package var usageRows: Int
        package var seconds: Double
    }

    package func generate(config: FleetConfig, store: any Store) throws -> Summary {
        let seconds = try Stopwatch.measure {
            try generateEvents(config: config, store: store)
            try generateUsage(config: config, store: store)
        }.seconds
        let count = try store.read { try $0.eventCount() }
        return Summary(events: count, usageRows: usageRows, seconds: seconds)
    }

    private var start: Timestamp { end - .days(days) }

    /// Walks randomly chosen agents through failures, recoveries, counted 5xx and control edits, in time
    /// order, until the ledger holds `events` events.
    private func generateEvents(config: FleetConfig, store: any Store) throws {
        var rng = SeededGenerator(seed: seed)
        let instances = config.instances
        var states: [AgentID: AgentState] = [:]
        var written = 0
        // Enough slots that most produce an event; time advances evenly across the span.
        let span = Double(end.seconds - start.seconds)
        let step = span / Double(max(events, 1))
        var slot = 0
        while written < events {
            try store.write { transaction in
                var inChunk = 0
                while written < events, inChunk < Self.chunk {
                    let at = Timestamp(seconds: start.seconds + Int64(Double(slot) * step))
                    slot += 1
                    let instance = instances[Int.random(in: 0..<instances.count, using: &rng)]
                    let agent = instance.agent, type = instance.type
                    var transitions = [AgentState.stored(states[agent], agent: agent, type: type, at: at)]
                    var state = transitions[0].state
                    let input = Self.input(for: state, type: type, rng: &rng)
                    let transition = state.applying(input, type: type, at: at)
                    transitions.append(transition)
                    state = transition.state
                    states[agent] = state
                    for event in transitions.flatMap(\.events) where written < events {
                        try transaction.append(event)
                        written += 1
                        inChunk += 1
                    }
                }
                for state in states.values { try transaction.save(state, at: end) }
            }
        }
        // A fleet is mostly healthy now, whatever its past: end the history with every agent back on
        // tier 1, as a success after its cooldown (or an operator's unpause) would leave it.
        try store.write { transaction in
            for instance in instances {
                let agent = instance.agent, type = instance.type
                guard var state = states[agent], state.tier > 1 || state.paused else { continue }
                var events: [LedgerEvent] = []
                if state.paused {
                    let unpause = state.applying(.control(ControlEntry(paused: false)), type: type, at: end)
                    events += unpause.events
                    state = unpause.state
                }
                let recovery = state.applying(.success(tier: nil), type: type, at: max(end, state.cooldownUntil ?? end))
                events += recovery.events
                state = recovery.state
                for event in events { try transaction.append(event) }
                try transaction.save(state, at: end)
            }
        }
    }

    /// Mostly what happens to a fleet: providers fail, agents recover; now and then an operator acts.
    static func input(for state: AgentState, type: AgentType, rng: inout SeededGenerator) -> FailoverInput {
        let roll = Int.random(in: 0..<100, using: &rng)
        if state.paused || roll < 2 {
            return .control(ControlEntry(paused: !state.paused))
        }
        if roll < 4 {
            return .control(ControlEntry(reset: "r\(rng.next() % 1_000_000)"))
        }
        if state.tier > 1, roll < 60 {
            return .success(tier: nil)
        }
        let kinds: [FailureKind] = [.auth, .quota, .rateLimit, .rateLimit, .serverError, .serverError]
        let kind = kinds[Int.random(in: 0..<kinds.count, using: &rng)]
        return .failure(kind, tier: nil, detail: "\(kind == .serverError ? "529 overloaded_error: Overloaded" : "429 rate_limit_error: rate limited") (synthetic)")
    }

    private func generateUsage(config: FleetConfig, store: any Store) throws {
        var rng = SeededGenerator(seed: seed &+ 1)
        let instances = config.instances
        let span = Double(end.seconds - start.seconds)
        let step = span / Double(max(usageRows, 1))
        var row = 0
        while row < usageRows {
            try store.write { transaction in
                let stop = min(usageRows, row + Self.chunk)
                while row < stop {
                    let instance = instances[Int.random(in: 0..<instances.count, using: &rng)]
                    let agent = instance.agent, type = instance.type
                    let entry = type.chain[0]
                    try transaction.record(UsageEntry(
                        agent: agent, agentType: type.name, at: Timestamp(seconds: start.seconds + Int64(Double(row) * step)),
                        tier: 1, provider: entry.provider, model: entry.model, outcome: Int.random(in: 0..<50, using: &rng) == 0 ? .failure(.rateLimit) : .success,
                        inputTokens: Int.random(in: 200...12000, using: &rng), outputTokens: Int.random(in: 20...3000, using: &rng)
                    ))
                    row += 1
                }
            }
        }
    }
}
