import FailoverCore

/// What `failover record` did with each accepted line.
package struct RecordResult: Sendable, Encodable {
    package var line: Int
    package var agent: String
    /// `success`, or the classified failure kind.
    package var kind: OutcomeKind
    /// The tier changed, or the agent was paused.
    package var moved: Bool
    package var fromTier: Int
    package var toTier: Int
    package var paused: Bool
    package var dispatchable: Bool
    /// Set on the agent's last line in the batch when its env file changed.
    package var recreate: Bool
    /// `used/threshold` tokens over the usage window, when the type has a budget.
    package var usage: String?
    /// Why the outcome moved nothing, when it did not: paused, late, single_entry_chain, ...
    package var ignored: Transition.Ignored?
    /// The ledger events this line caused.
    package var events: [EventKind]

    enum CodingKeys: String, CodingKey {
        case line, agent, kind, moved
        case fromTier = "from_tier"
        case toTier = "to_tier"
        case paused, dispatchable, recreate, usage, ignored, events
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(agent, forKey: .agent)
        try container.encode(kind, forKey: .kind)
        try container.encode(moved, forKey: .moved)
        try container.encode(fromTier, forKey: .fromTier)
        try container.encode(toTier, forKey: .toTier)
        try container.encode(paused, forKey: .paused)
        try container.encode(dispatchable, forKey: .dispatchable)
        try container.encode(recreate, forKey: .recreate)
        try container.encode(usage, forKey: .usage)
        try container.encode(ignored, forKey: .ignored)
        try container.encode(events, forKey: .events)
    }
}

package struct RecordReport: Sendable {
    package var results: [RecordResult]
    package var rejected: [RejectedLine]
    /// Every ledger event the batch wrote, in order.
    package var events: [LedgerEvent]
    /// Env-file problems (a missing key variable, say).
    package var warnings: [String]
    /// What to record once the report is printed (`RecordRunner.delivered`); not part of the output.
    package var deliveries: [EnvDelivery] = []

    /// Agents whose containers must be recreated.
    package var recreate: [String] { results.filter(\.recreate).map(\.agent) }
}
