/// Flap damping (specs/failover.md, "Flap damping"): an instance that recovers to tier 1 and steps
/// down again within one base cooldown is flapping, and each consecutive flap multiplies the
/// cooldown by the policy's `backoff`, so a provider that is up for a minute an hour does not
/// bounce the fleet all day.
extension AgentState {
    /// The flap count a step taken at `now` leaves. Only a step from tier 1 counts or clears it: one
    /// at most one base cooldown after the recovery that brought the instance there is one more
    /// flap; one later, or with no recovery before (a new instance, a wrap, a reset, a chain edit),
    /// starts the count again at 0. A step from a lower tier keeps the count of its episode.
    func flapCount(steppingAt now: Timestamp, policy: FailoverPolicy) -> Int {
        guard tier == 1 else { return flapCount }
        // A step dated before the recovery (a late batch) happened before it: not a flap.
        guard let recoveredAt, now >= recoveredAt, now <= recoveredAt + policy.cooldown else { return 0 }
        return flapCount == .max ? .max : max(flapCount, 0) + 1
    }

    /// The step's detail with what made its cooldown other than the configured one:
    /// `…; flap 2, cooldown 1h (15m x 2^2)` on a flap, `after flap 2` on a later step of the same
    /// episode, then `; retry-after 7200s` with what the policy made of it when it did not give
    /// exactly that. A step with neither says nothing more: its cooldown is the configured one.
    static func withCooldown(_ detail: String, _ cooldown: StepCooldown, flapped: Bool) -> String {
        var text = detail
        if cooldown.flapCount > 0 {
            text += "; \(flapped ? "flap" : "after flap") \(cooldown.flapCount), cooldown \(cooldown.damped) (\(cooldown.formula)"
            text += cooldown.dampingCapped ? ", capped at max_cooldown \(cooldown.cap))" : ")"
        }
        guard let retryAfter = cooldown.retryAfter else { return text }
        text += "; retry-after \(retryAfter.seconds)s"
        if retryAfter > cooldown.cap {
            text += " (capped at max_cooldown \(cooldown.cap))"
        } else if retryAfter < cooldown.damped {
            text += " (under the cooldown of \(cooldown.damped))"
        }
        return text
    }
}
