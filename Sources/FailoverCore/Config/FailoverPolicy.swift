/// What a type does at the end of its chain.
public enum ExhaustedAction: String, Sendable, Hashable, CaseIterable, Codable {
    case pause
    case wrap
}

/// The `failover:` block of an agent type.
public struct FailoverPolicy: Sendable, Hashable {
    public var cooldown: TimeSpan
    public var onExhausted: ExhaustedAction
    public var triggers: Set<FailureKind>
    /// Consecutive 5xx that make a 5xx "persistent".
    public var serverErrorAfter: Int
    /// `max_cooldown` as configured; nil keeps the default (see `retryAfterCap`).
    public var maxCooldown: TimeSpan?
    /// `outage_after`: how many distinct instances leaving one provider within a cooldown make it an
    /// outage of the whole type (`OutageRule`); nil, the default, leaves every instance to fail alone.
    public var outageAfter: Int?
    /// `backoff`: what each consecutive flap multiplies a step's cooldown by (1 turns damping off).
    public var backoff: Double

    public static let defaultTriggers: Set<FailureKind> = [.auth, .quota, .rateLimit, .serverError]

    /// An outage longer than this is an operator's problem: pause the agent instead.
    public static let maximumCooldown = TimeSpan.days(30)
    /// More consecutive 5xx than this would never step in practice.
    public static let maximumServerErrorAfter = 1000
    /// How long a provider's Retry-After may hold a cooldown open when `max_cooldown` is not set.
    public static let defaultMaxCooldown = TimeSpan.hours(4)
    /// One instance failing is not an outage; two agreeing is the least evidence of one.
    public static let minimumOutageAfter = 2
    /// Far more instances than a config file can hold: a bound so no value overflows a count.
    public static let maximumOutageAfter = 1_000_000
    /// Each consecutive flap doubles the cooldown unless the type says otherwise.
    public static let defaultBackoff = 2.0
    /// `backoff` above this is a typo: one flap would already reach any `max_cooldown`.
    public static let maximumBackoff = 1000.0

    public init(
        cooldown: TimeSpan = .minutes(15),
        onExhausted: ExhaustedAction = .pause,
        triggers: Set<FailureKind> = FailoverPolicy.defaultTriggers,
        serverErrorAfter: Int = 3,
        maxCooldown: TimeSpan? = nil,
        outageAfter: Int? = nil,
        backoff: Double = FailoverPolicy.defaultBackoff
    ) {
        self.cooldown = cooldown
        self.onExhausted = onExhausted
        self.triggers = triggers
        self.serverErrorAfter = serverErrorAfter
        self.maxCooldown = maxCooldown
        self.outageAfter = outageAfter
        self.backoff = backoff
    }

    /// The longest cooldown a Retry-After can ask for. An unset `max_cooldown` never falls below
    /// `cooldown`, so a config written before the key (say `cooldown: 6h`) keeps working.
    public var retryAfterCap: TimeSpan {
        maxCooldown ?? max(Self.defaultMaxCooldown, cooldown)
    }

    /// The cooldown of a step caused by an outcome that said `retry_after`, with no flap counted: at
    /// least `cooldown`, as long as the provider asked, at most `retryAfterCap`.
    public func cooldown(retryAfter: TimeSpan?) -> TimeSpan {
        stepCooldown(flapCount: 0, retryAfter: retryAfter).effective
    }

    /// The cooldown of a step while `flapCount` consecutive flaps stand, stretched by the provider's
    /// `retryAfter` (see `StepCooldown`).
    public func stepCooldown(flapCount: Int, retryAfter: TimeSpan?) -> StepCooldown {
        StepCooldown(policy: self, flapCount: flapCount, retryAfter: retryAfter)
    }

    /// Triggers in a stable order, for output.
    public var orderedTriggers: [FailureKind] {
        FailureKind.triggerable.filter(triggers.contains)
    }
}
