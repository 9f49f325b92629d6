/// Where an instance stood at a moment, as the history counts it: serving from its tier-1 provider,
/// from a lower tier, or paused (a paused instance serves nothing, whatever its tier).
public enum Standing: Int, Sendable, Hashable, Codable, CaseIterable {
    case tier1
    case lower
    case paused

    public init(tier: Int, paused: Bool) {
        self = paused ? .paused : tier <= 1 ? .tier1 : .lower
    }
}

/// One change of an instance's standing, as a ledger event records it: when, and the tier and pause
/// the event left behind. The event's kind does not matter here: only where the instance ended up.
public struct StandingChange: Sendable, Hashable {
    public var agent: AgentID
    public var at: Timestamp
    public var tier: Int
    public var paused: Bool

    public init(agent: AgentID, at: Timestamp, tier: Int, paused: Bool) {
        self.agent = agent
        self.at = at
        self.tier = tier
        self.paused = paused
    }

    public var standing: Standing { Standing(tier: tier, paused: paused) }
}
