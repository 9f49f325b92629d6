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

    public static let defaultTriggers: Set<FailureKind> = [.auth, .quota, .rateLimit, .serverError]

    /// An outage longer than this is an operator's problem: pause the agent instead.
    public static let maximumCooldown = TimeSpan.days(30)
    /// More consecutive 5xx than this would never step in practice.
    public static let maximumServerErrorAfter = 1000

    public init(
        cooldown: TimeSpan = .minutes(15),
        onExhausted: ExhaustedAction = .pause,
        triggers: Set<FailureKind> = FailoverPolicy.defaultTriggers,
        serverErrorAfter: Int = 3
    ) {
        self.cooldown = cooldown
        self.onExhausted = onExhausted
        self.triggers = triggers
        self.serverErrorAfter = serverErrorAfter
    }

    /// Triggers in a stable order, for output.
    public var orderedTriggers: [FailureKind] {
        FailureKind.triggerable.filter(triggers.contains)
    }
}
