import FailoverCore

/// What `failover record` did with each accepted line.
public struct RecordResult: Sendable, Encodable {
    public var line: Int
    public var agent: String
    /// `success`, or the classified failure kind.
    public var kind: OutcomeKind
    /// The tier changed, or the agent was paused.
    public var moved: Bool
    public var fromTier: Int
    public var toTier: Int
    public var paused: Bool
    public var dispatchable: Bool
    /// Set on the agent's last line in the batch when its env file changed.
    public var recreate: Bool
    /// `used/threshold` tokens over the usage window, when the type has a budget.
    public var usage: String?
    /// Why the outcome moved nothing, when it did not: paused, late, single_entry_chain, ...
    public var ignored: Transition.Ignored?
    /// The ledger events this line caused.
    public var events: [EventKind]

    enum CodingKeys: String, CodingKey {
        case line, agent, kind, moved
        case fromTier = "from_tier"
        case toTier = "to_tier"
        case paused, dispatchable, recreate, usage, ignored, events
    }

    public func encode(to encoder: Encoder) throws {
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

public struct RecordReport: Sendable {
    public var results: [RecordResult]
    public var rejected: [RejectedLine]
    /// Every ledger event the batch wrote, in order.
    public var events: [LedgerEvent]
    /// Env-file problems (a missing key variable, say).
    public var warnings: [String]
    /// What to record once the report is printed (`RecordRunner.delivered`); not part of the output.
    public var deliveries: [EnvDelivery] = []

    /// Agents whose containers must be recreated.
    public var recreate: [String] { results.filter(\.recreate).map(\.agent) }
}
