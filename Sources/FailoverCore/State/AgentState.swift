/// One instance's failover state: a row of `agent_provider_state`.
public struct AgentState: Sendable, Hashable {
    public var agent: AgentID
    /// 1-based.
    public var tier: Int
    public var paused: Bool
    /// A success at or after this moment, on a tier above 1, returns the instance to tier 1.
    public var cooldownUntil: Timestamp?
    /// The failure that last moved the instance (stepped it down, paused it or wrapped it).
    public var lastFailureKind: FailureKind?
    public var lastFailureAt: Timestamp?
    /// Consecutive 5xx on the current tier; a 5xx is persistent once this reaches `server_error_after`.
    public var serverErrorStreak: Int
    /// The last `control.<agent>.reset` value applied.
    public var lastResetToken: String?

    public init(
        agent: AgentID,
        tier: Int = 1,
        paused: Bool = false,
        cooldownUntil: Timestamp? = nil,
        lastFailureKind: FailureKind? = nil,
        lastFailureAt: Timestamp? = nil,
        serverErrorStreak: Int = 0,
        lastResetToken: String? = nil
    ) {
        self.agent = agent
        self.tier = tier
        self.paused = paused
        self.cooldownUntil = cooldownUntil
        self.lastFailureKind = lastFailureKind
        self.lastFailureAt = lastFailureAt
        self.serverErrorStreak = serverErrorStreak
        self.lastResetToken = lastResetToken
    }

    /// Whether the dispatcher may give this instance work.
    public var isDispatchable: Bool { !paused }

    /// Seconds of cooldown left at `now`, when the instance is above tier 1 and still cooling down.
    public func cooldownRemaining(at now: Timestamp) -> Int64? {
        guard tier > 1, let cooldownUntil, cooldownUntil > now else { return nil }
        return cooldownUntil.seconds(since: now)
    }
}
