/// What a ledger event records. The raw values are stored and exported: keep them stable.
public enum EventKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A configured instance seen for the first time; starts at tier 1.
    case created
    /// A trigger moved the instance to the next tier.
    case stepDown = "step_down"
    /// A trigger on the last tier paused the instance (`on_exhausted: pause`).
    case exhaustedPause = "exhausted_pause"
    /// A trigger on the last tier sent the instance back to tier 1 (`on_exhausted: wrap`).
    case exhaustedWrap = "exhausted_wrap"
    /// A success after the cooldown brought the instance back to tier 1.
    case recovered
    /// A 5xx below `server_error_after` in a row: counted, not yet persistent.
    case serverErrorCounted = "server_error_counted"
    /// A success ended a run of 5xx before it became persistent.
    case serverErrorsCleared = "server_errors_cleared"
    /// `control.<agent>.paused: true`.
    case paused
    /// `control.<agent>.paused: false`.
    case unpaused
    /// A new `control.<agent>.reset` value.
    case reset
    /// The chain was edited and no longer reaches the instance's tier: back to tier 1.
    case chainChanged = "chain_changed"

    /// Whether the event moved the instance between tiers or in or out of pause: a switch an operator
    /// wants to see, as opposed to bookkeeping such as counted 5xx.
    public var isSwitch: Bool {
        switch self {
        case .serverErrorCounted, .serverErrorsCleared, .created: false
        default: true
        }
    }
}

/// Who caused an event.
public enum EventSource: String, Sendable, Hashable, CaseIterable, Codable {
    /// The config file: control edits, chain edits, new instances.
    case config
    /// A recorded task outcome.
    case outcome
    /// The token budget rule, run after an outcome.
    case budget
    /// The outage step: other instances of the type left this provider, so this one followed.
    case outage
}

/// One row of the append-only `agent_provider_events` ledger. Besides what happened it carries the
/// state fields the event set, so replaying the ledger reproduces the state table.
public struct LedgerEvent: Sendable, Hashable {
    /// Assigned by the store; nil before insertion.
    public var id: Int64?
    public var agent: AgentID
    public var at: Timestamp
    public var kind: EventKind
    public var fromTier: Int
    public var toTier: Int
    public var failureKind: FailureKind?
    /// The provider and model active after the event.
    public var provider: ProviderName?
    public var model: String?
    public var source: EventSource
    /// Human-readable: the error, the rule that classified it, `usage=X/Y`, the reset value.
    public var detail: String
    public var paused: Bool
    public var cooldownUntil: Timestamp?
    public var serverErrorStreak: Int
    public var resetToken: String?
    /// The instance's type when the event was written: what the store groups history by (a ledger
    /// written before this field has none).
    public var agentType: AgentTypeName?
    /// The instance's consecutive flaps after the event (a step sets it; see `AgentState.flapCount`).
    public var flapCount: Int
    /// The `retry_after` of the outcome that caused the step now in force (`AgentState.stepRetryAfter`).
    public var retryAfter: TimeSpan?

    public init(
        id: Int64? = nil, agent: AgentID, at: Timestamp, kind: EventKind, fromTier: Int, toTier: Int,
        failureKind: FailureKind? = nil, provider: ProviderName? = nil, model: String? = nil, source: EventSource,
        detail: String = "", paused: Bool = false, cooldownUntil: Timestamp? = nil, serverErrorStreak: Int = 0,
        resetToken: String? = nil, agentType: AgentTypeName? = nil, flapCount: Int = 0, retryAfter: TimeSpan? = nil
    ) {
        self.id = id
        self.agent = agent
        self.at = at
        self.kind = kind
        self.fromTier = fromTier
        self.toTier = toTier
        self.failureKind = failureKind
        self.provider = provider
        self.model = model
        self.source = source
        self.detail = detail
        self.paused = paused
        self.cooldownUntil = cooldownUntil
        self.serverErrorStreak = serverErrorStreak
        self.resetToken = resetToken
        self.agentType = agentType
        self.flapCount = flapCount
        self.retryAfter = retryAfter
    }
}
