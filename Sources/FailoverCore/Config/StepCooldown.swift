import Foundation

/// How long one step keeps an instance off tier 1 (specs/failover.md, "Flap damping" and
/// "Retry-After"): the base `cooldown` multiplied by `backoff` once per consecutive flap, then
/// stretched to the provider's `retry_after`, never past the cap. With no flap and no
/// `retry_after` it is exactly `cooldown`.
public struct StepCooldown: Sendable, Hashable {
    /// The policy's `cooldown`.
    public var base: TimeSpan
    public var backoff: Double
    public var flapCount: Int
    /// `max_cooldown` (or its default), never below `base`: no step's cooldown exceeds it.
    public var cap: TimeSpan
    /// `base × backoff^flapCount`, to the whole second (rounded down), at most `cap`.
    public var damped: TimeSpan
    /// Whether the cap cut `damped` short.
    public var dampingCapped: Bool
    /// What the provider asked for, if it said.
    public var retryAfter: TimeSpan?
    /// The cooldown the step gets: `max(damped, retryAfter)`, at most `cap`.
    public var effective: TimeSpan

    public init(policy: FailoverPolicy, flapCount: Int, retryAfter: TimeSpan?) {
        base = policy.cooldown
        backoff = policy.backoff
        self.flapCount = max(flapCount, 0)
        cap = max(policy.cooldown, policy.retryAfterCap)
        let (damped, capped) = Self.damped(base: policy.cooldown, backoff: policy.backoff, flapCount: self.flapCount, cap: cap)
        self.damped = damped
        dampingCapped = capped
        self.retryAfter = retryAfter
        let cap = cap
        effective = retryAfter.map { max(damped, min($0, cap)) } ?? damped
    }

    /// Computed in floating point, where an overflow is infinity and compares above any cap: a
    /// thousandth flap or a backoff of 1000 saturates instead of trapping. A backoff that is not a
    /// number at least 1 (the loader refuses those) damps nothing.
    static func damped(base: TimeSpan, backoff: Double, flapCount: Int, cap: TimeSpan) -> (TimeSpan, capped: Bool) {
        guard flapCount > 0, base.seconds > 0, backoff.isFinite, backoff > 1 else { return (base, false) }
        let scaled = Double(base.seconds) * pow(backoff, Double(flapCount))
        guard scaled < Double(cap.seconds) else { return (cap, scaled > Double(cap.seconds)) }
        return (TimeSpan(seconds: Int(scaled.rounded(.down))), false)
    }

    /// `15m x 2^2`, the arithmetic behind `damped`.
    public var formula: String { "\(base) x \(Self.number(backoff))^\(flapCount)" }

    /// `2` rather than `2.0`; `1.5` as written.
    public static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
