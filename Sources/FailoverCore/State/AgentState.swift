/// One instance's failover state: a row of `agent_provider_state`.
public struct AgentState: Sendable, Hashable {
    public var agent: AgentID
    /// 1-based.
    public var tier: Int
    /// Why the instance is paused; nil while it is not. The one stored fact behind `paused`, so the
    /// two cannot disagree.
    public var pauseReason: PauseReason?
    /// A success at or after this moment, on a tier above 1, returns the instance to tier 1.
    public var cooldownUntil: Timestamp?
    /// The failure that last moved the instance (stepped it down, paused it or wrapped it).
    public var lastFailureKind: FailureKind?
    public var lastFailureAt: Timestamp?
    /// Consecutive 5xx on the current tier; a 5xx is persistent once this reaches `server_error_after`.
    public var serverErrorStreak: Int
    /// The last `control.<agent>.reset` value applied.
    public var lastResetToken: String?
    /// Consecutive flaps counted at the last step down from tier 1: steps from tier 1 within one base
    /// cooldown of a recovery (specs/failover.md, "Flap damping"). Stretches the cooldown of every
    /// step while it stands; 0 after a step from tier 1 that was not a flap, or a reset.
    public var flapCount: Int
    /// When a success last brought the instance back to tier 1; nil once it steps again (or is
    /// reset), so it is set only while the instance is on tier 1 since that recovery.
    public var recoveredAt: Timestamp?
    /// The `retry_after` the provider sent with the outcome that caused the step now in force, as
    /// received; nil when it sent none or no step is in force (on tier 1, after a wrap).
    public var stepRetryAfter: TimeSpan?

    public init(
        agent: AgentID,
        tier: Int = 1,
        paused: Bool = false,
        pauseReason: PauseReason? = nil,
        cooldownUntil: Timestamp? = nil,
        lastFailureKind: FailureKind? = nil,
        lastFailureAt: Timestamp? = nil,
        serverErrorStreak: Int = 0,
        lastResetToken: String? = nil,
        flapCount: Int = 0,
        recoveredAt: Timestamp? = nil,
        stepRetryAfter: TimeSpan? = nil
    ) {
        self.agent = agent
        self.tier = tier
        self.pauseReason = pauseReason ?? (paused ? .operator : nil)
        self.cooldownUntil = cooldownUntil
        self.lastFailureKind = lastFailureKind
        self.lastFailureAt = lastFailureAt
        self.serverErrorStreak = serverErrorStreak
        self.lastResetToken = lastResetToken
        self.flapCount = flapCount
        self.recoveredAt = recoveredAt
        self.stepRetryAfter = stepRetryAfter
    }

    /// Paused for any reason. Setting it to true keeps a reason already there (an operator's pause of
    /// an exhausted instance is still an exhausted instance) and otherwise records an operator pause.
    public var paused: Bool {
        get { pauseReason != nil }
        set { pauseReason = newValue ? (pauseReason ?? .operator) : nil }
    }

    /// Whether the dispatcher may give this instance work.
    public var isDispatchable: Bool { !paused }

    /// How long the step now in force keeps the instance off tier 1: from its failure to its
    /// cooldown's end (`cooldown` stretched by flaps and `retry_after`). Nil on tier 1 (unless paused
    /// at the end of the chain, which keeps its last step's cooldown for the record).
    public var stepCooldown: TimeSpan? {
        guard tier > 1 || pauseReason == .exhausted, let cooldownUntil, let lastFailureAt, cooldownUntil >= lastFailureAt else { return nil }
        return TimeSpan(seconds: Int(clamping: cooldownUntil.seconds(since: lastFailureAt)))
    }

    /// Seconds of cooldown left at `now`, when the instance is above tier 1 and still cooling down.
    public func cooldownRemaining(at now: Timestamp) -> Int64? {
        guard tier > 1, let cooldownUntil, cooldownUntil > now else { return nil }
        return cooldownUntil.seconds(since: now)
    }
}

/// Why an instance is paused. The raw values are stored and exported: keep them stable.
public enum PauseReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// `control.<agent>.paused: true`: lifted by `paused: false` or a reset.
    case `operator`
    /// A trigger on the last tier with `on_exhausted: pause`: it will not come back by itself and needs a reset.
    case exhausted
}
