/// The type-wide outage step (specs/failover.md, "Outage step"), pure: when `outage_after` distinct
/// instances of a type have left the same provider within one cooldown, for a failure of the
/// provider's (not the budget), the type's other instances still on that provider follow at once
/// instead of each paying for the outage with a failed task of its own.
public enum OutageRule {
    /// The ledger detail names at most this many of the instances that showed the outage.
    static let namedInstances = 10

    /// Whether `event` is one instance leaving a provider because the provider failed it: a step or an
    /// exhaustion caused by a recorded task, for any trigger but the budget (a budget step says the
    /// type spent too much, not that the provider is down). Steps the rule itself made do not count,
    /// so an outage step can never feed another.
    public static func isEvidence(_ event: LedgerEvent) -> Bool {
        switch event.kind {
        case .stepDown, .exhaustedPause, .exhaustedWrap:
            return event.source == .outcome && event.failureKind != nil && event.failureKind != .tokenBudget
        default:
            return false
        }
    }

    /// The steps `trigger` sets off, one transition per follower, in `instances` order; empty when the
    /// type has no `outage_after`, when `trigger` is not evidence, or when too few instances agree.
    ///
    /// - `recent`: the type's evidence the caller knows of, `trigger` itself may be among it; events
    ///   of other types, or outside one cooldown before `trigger`, are passed over.
    /// - `state`: the instance's current state, nil when the store has never seen it (such an instance
    ///   is not running yet, and the rule leaves it alone).
    public static func followers(of trigger: LedgerEvent, type: AgentType, recent: [LedgerEvent],
                                 state: (AgentID) -> AgentState?) -> [Transition] {
        guard let needed = type.failover.outageAfter, type.chain.count > 1, isEvidence(trigger),
              let failure = trigger.failureKind, let left = type.entry(forTier: trigger.fromTier)?.provider
        else { return [] }
        let from = trigger.at - type.failover.cooldown
        var witnesses: [AgentID] = [trigger.agent]
        var seen: Set<AgentID> = [trigger.agent]
        // Events written before the ledger kept the type say only the agent.
        lazy var members = Set(type.instances)
        for event in recent where event.at >= from && event.at <= trigger.at && isEvidence(event) {
            guard event.agentType.map({ $0 == type.name }) ?? members.contains(event.agent),
                  type.entry(forTier: event.fromTier)?.provider == left, seen.insert(event.agent).inserted
            else { continue }
            witnesses.append(event.agent)
        }
        guard witnesses.count >= needed else { return [] }
        let detail = describe(witnesses: witnesses, provider: left, failure: failure, within: type.failover.cooldown)
        var moves: [Transition] = []
        for agent in type.instances where !seen.contains(agent) {
            guard let current = state(agent), !current.paused, current.tier == trigger.fromTier else { continue }
            let move = current.applying(.outage(failure, tier: trigger.fromTier, detail: detail), type: type, at: trigger.at)
            if !move.events.isEmpty { moves.append(move) }
        }
        return moves
    }

    /// `outage: 3 instances left anthropic within 15m (server_error): coder-1, coder-2, coder-3`.
    static func describe(witnesses: [AgentID], provider: ProviderName, failure: FailureKind, within: TimeSpan) -> String {
        let sorted = witnesses.map(\.rawValue).sorted()
        var names = sorted.prefix(namedInstances).joined(separator: ", ")
        if sorted.count > namedInstances { names += " and \(sorted.count - namedInstances) more" }
        return "outage: \(sorted.count) instances left \(provider) within \(within) (\(failure.rawValue)): \(names)"
    }
}
