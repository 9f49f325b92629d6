/// Rebuilding state from the ledger, one event at a time, so `failover verify` can stream a million
/// rows through it: each event kind sets exactly the fields its transition sets.
public struct LedgerReplay: Sendable {
    public private(set) var states: [AgentID: AgentState] = [:]
    public private(set) var eventCount = 0

    public init() {}

    public mutating func add(_ event: LedgerEvent) {
        eventCount += 1
        states[event.agent, default: AgentState(agent: event.agent)].apply(event)
    }
}

extension AgentState {
    /// The state of every agent the events mention, after applying them in order.
    public static func replay<Events: Sequence>(_ events: Events) -> [AgentID: AgentState] where Events.Element == LedgerEvent {
        var replay = LedgerReplay()
        for event in events { replay.add(event) }
        return replay.states
    }

    public mutating func apply(_ event: LedgerEvent) {
        switch event.kind {
        case .created:
            self = AgentState(agent: event.agent)
        case .stepDown, .exhaustedPause, .exhaustedWrap:
            tier = event.toTier
            pauseReason = event.kind == .exhaustedPause ? .exhausted : (event.paused ? pauseReason ?? .operator : nil)
            cooldownUntil = event.cooldownUntil
            lastFailureKind = event.failureKind
            lastFailureAt = event.at
            serverErrorStreak = 0
            flapCount = event.flapCount
            recoveredAt = nil
            stepRetryAfter = event.kind == .exhaustedWrap ? nil : event.retryAfter
        case .recovered:
            tier = event.toTier
            cooldownUntil = nil
            serverErrorStreak = 0
            recoveredAt = event.at
            stepRetryAfter = nil
        case .chainChanged:
            tier = event.toTier
            cooldownUntil = nil
            serverErrorStreak = 0
            stepRetryAfter = nil
        case .serverErrorCounted:
            serverErrorStreak = event.serverErrorStreak
        case .serverErrorsCleared:
            serverErrorStreak = 0
        case .paused:
            pauseReason = .operator
        case .unpaused:
            pauseReason = nil
        case .reset:
            tier = 1
            paused = false
            cooldownUntil = nil
            serverErrorStreak = 0
            lastFailureKind = nil
            lastFailureAt = nil
            lastResetToken = event.resetToken
            flapCount = 0
            recoveredAt = nil
            stepRetryAfter = nil
        }
    }

    /// Field-by-field differences from `other`, for `failover verify`.
    public func differences(from other: AgentState) -> [String] {
        var found: [String] = []
        func compare<Value: Equatable>(_ name: String, _ mine: Value, _ theirs: Value) {
            if mine != theirs { found.append("\(name): \(mine) vs \(theirs)") }
        }
        compare("tier", tier, other.tier)
        compare("pause_reason", pauseReason?.rawValue ?? "not paused", other.pauseReason?.rawValue ?? "not paused")
        compare("cooldown_until", cooldownUntil?.description ?? "none", other.cooldownUntil?.description ?? "none")
        compare("last_failure_kind", lastFailureKind?.rawValue ?? "none", other.lastFailureKind?.rawValue ?? "none")
        compare("last_failure_at", lastFailureAt?.description ?? "none", other.lastFailureAt?.description ?? "none")
        compare("server_error_streak", serverErrorStreak, other.serverErrorStreak)
        compare("last_reset_token", lastResetToken ?? "none", other.lastResetToken ?? "none")
        compare("flap_count", flapCount, other.flapCount)
        compare("recovered_at", recoveredAt?.description ?? "none", other.recoveredAt?.description ?? "none")
        compare("step_retry_after", stepRetryAfter.map { "\($0.seconds)s" } ?? "none", other.stepRetryAfter.map { "\($0.seconds)s" } ?? "none")
        return found
    }
}
