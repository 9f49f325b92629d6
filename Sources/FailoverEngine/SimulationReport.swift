import FailoverCore

/// What `failover simulate` found: every switch the proposed config would have made, and per agent
/// and per type what it came to (specs/failover.md, "failover simulate"; `--json` in specs/exports.md).
package struct SimulationReport: Sendable {
    package struct AgentSummary: Sendable {
        package var agent: AgentID
        package var type: AgentTypeName
        package var tiers: Int
        package var outcomes = 0
        package var failures = 0
        /// Outcomes naming a tier the simulated instance was not on: recorded, moved nothing.
        package var late = 0
        /// `step_down` events, of any source; `budgetSteps` of them by the token budget.
        package var steps = 0
        package var budgetSteps = 0
        package var recoveries = 0
        /// `exhausted_pause` and `paused`.
        package var pauses = 0
        package var wraps = 0
        package var startTier: Int
        package var startPauseReason: PauseReason?
        package var finalTier: Int
        package var finalPauseReason: PauseReason?
    }

    /// Outcome lines applied.
    package var outcomes = 0
    package var first: Timestamp?
    package var last: Timestamp?
    /// The switches (`EventKind.isSwitch`), in the order they happened; bookkeeping events are only counted.
    package var transitions: [LedgerEvent] = []
    package var bookkeeping = 0
    package var agents: [AgentSummary]
    package var rejected: [RejectedLine] = []
    private var index: [AgentID: Int]

    init(config: FleetConfig, startingStates: [AgentID: AgentState]) {
        agents = config.instances.map { instance in
            let state = startingStates[instance.agent]
            // As stored, before the proposal applied: a shortened chain's `chain_changed` shows where it went.
            let tier = state?.tier ?? 1
            return AgentSummary(agent: instance.agent, type: instance.type.name, tiers: instance.type.chain.count, startTier: tier,
                                startPauseReason: state?.pauseReason, finalTier: tier, finalPauseReason: state?.pauseReason)
        }
        index = Dictionary(agents.enumerated().map { ($1.agent, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The span of the outcomes applied.
    mutating func saw(_ at: Timestamp) {
        first = min(first ?? at, at)
        last = max(last ?? at, at)
    }

    /// Counts the lines themselves: an instance the outage step moved with a line's failure ran no
    /// task, so its move is a transition (in `events`, source `outage`), not an outcome or a failure.
    mutating func add(_ record: RecordReport) {
        for result in record.outcomes {
            outcomes += 1
            guard let position = index[result.agent] else { continue }
            agents[position].outcomes += 1
            if result.kind.isFailure { agents[position].failures += 1 }
            if result.ignored == .late { agents[position].late += 1 }
        }
        add(record.events)
    }

    mutating func add(_ events: [LedgerEvent]) {
        for var event in events {
            guard event.kind.isSwitch else {
                if event.kind != .created { bookkeeping += 1 }
                continue
            }
            // Ids of an in-memory copy mean nothing outside it.
            event.id = nil
            transitions.append(event)
            guard let position = index[event.agent] else { continue }
            switch event.kind {
            case .stepDown:
                agents[position].steps += 1
                if event.source == .budget { agents[position].budgetSteps += 1 }
            case .recovered: agents[position].recoveries += 1
            case .exhaustedPause, .paused: agents[position].pauses += 1
            case .exhaustedWrap: agents[position].wraps += 1
            default: break
            }
        }
    }

    mutating func finish(states: [AgentID: AgentState]) {
        for position in agents.indices {
            guard let state = states[agents[position].agent] else { continue }
            agents[position].finalTier = state.tier
            agents[position].finalPauseReason = state.pauseReason
        }
    }

    /// Each type's agents summed, in config order.
    package var types: [TypeSummary] {
        var order: [AgentTypeName] = []
        var sums: [AgentTypeName: TypeSummary] = [:]
        for agent in agents {
            if sums[agent.type] == nil {
                order.append(agent.type)
                sums[agent.type] = TypeSummary(type: agent.type)
            }
            sums[agent.type]?.add(agent)
        }
        return order.compactMap { sums[$0] }
    }

    package struct TypeSummary: Sendable {
        package var type: AgentTypeName
        package var instances = 0
        package var outcomes = 0
        package var failures = 0
        package var late = 0
        package var steps = 0
        package var budgetSteps = 0
        package var recoveries = 0
        package var pauses = 0
        package var wraps = 0
        /// Where its instances ended.
        package var onTier1 = 0
        package var belowTier1 = 0
        package var paused = 0

        mutating func add(_ agent: AgentSummary) {
            instances += 1
            outcomes += agent.outcomes
            failures += agent.failures
            late += agent.late
            steps += agent.steps
            budgetSteps += agent.budgetSteps
            recoveries += agent.recoveries
            pauses += agent.pauses
            wraps += agent.wraps
            if agent.finalPauseReason != nil {
                paused += 1
            } else if agent.finalTier == 1 {
                onTier1 += 1
            } else {
                belowTier1 += 1
            }
        }
    }
}

extension SimulationReport {
    /// `simulate --json` (specs/exports.md, "failover simulate --json"). `source` says where the
    /// simulation started: `fresh`, or the database it copied.
    package func json(start: String) -> JSONValue {
        .object([
            "start": .string(start),
            "outcomes": .integer(outcomes),
            "rejected": .integer(rejected.count),
            "first": .time(first),
            "last": .time(last),
            "bookkeeping_events": .integer(bookkeeping),
            "transitions": .array(transitions.map(Self.transition)),
            "agents": .array(agents.map(Self.agent)),
            "types": .array(types.map(Self.type)),
        ])
    }

    static func transition(_ event: LedgerEvent) -> JSONValue {
        .object([
            "agent": .name(event.agent),
            "at": .time(event.at),
            "kind": .string(event.kind.rawValue),
            "from_tier": .integer(event.fromTier),
            "to_tier": .integer(event.toTier),
            "paused": .bool(event.paused),
            "failure_kind": .optional(event.failureKind?.rawValue),
            "provider": .optional(event.provider),
            "model": .optional(event.model),
            "source": .string(event.source.rawValue),
            "detail": .string(event.detail),
            "cooldown_until": .time(event.cooldownUntil),
        ])
    }

    static func agent(_ agent: AgentSummary) -> JSONValue {
        .object([
            "agent": .name(agent.agent),
            "type": .name(agent.type),
            "tiers": .integer(agent.tiers),
            "outcomes": .integer(agent.outcomes),
            "failures": .integer(agent.failures),
            "late": .integer(agent.late),
            "steps": .integer(agent.steps),
            "budget_steps": .integer(agent.budgetSteps),
            "recoveries": .integer(agent.recoveries),
            "pauses": .integer(agent.pauses),
            "wraps": .integer(agent.wraps),
            "start_tier": .integer(agent.startTier),
            "start_pause_reason": .optional(agent.startPauseReason?.rawValue),
            "final_tier": .integer(agent.finalTier),
            "final_pause_reason": .optional(agent.finalPauseReason?.rawValue),
        ])
    }

    static func type(_ type: TypeSummary) -> JSONValue {
        .object([
            "type": .name(type.type),
            "instances": .integer(type.instances),
            "outcomes": .integer(type.outcomes),
            "failures": .integer(type.failures),
            "late": .integer(type.late),
            "steps": .integer(type.steps),
            "budget_steps": .integer(type.budgetSteps),
            "recoveries": .integer(type.recoveries),
            "pauses": .integer(type.pauses),
            "wraps": .integer(type.wraps),
            "final_on_tier_1": .integer(type.onTier1),
            "final_below_tier_1": .integer(type.belowTier1),
            "final_paused": .integer(type.paused),
        ])
    }
}
