import FailoverCore
import FailoverEngine

/// How the site writes numbers, times and events for people.
enum Format {
    /// `1,234,567`.
    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `2026-11-24 10:15 UTC`.
    static func time(_ moment: Timestamp) -> String {
        let text = moment.description
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }

    /// `10:15:30` within a day page.
    static func clock(_ moment: Timestamp) -> String {
        String(moment.description.dropFirst(11).prefix(8))
    }

    /// `3m`, `2h 5m`, `4d 1h`: how long ago or ahead, roughly.
    static func span(_ seconds: Int64) -> String {
        let s = abs(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return s % 3600 / 60 == 0 ? "\(s / 3600)h" : "\(s / 3600)h \(s % 3600 / 60)m" }
        return s % 86_400 / 3600 == 0 ? "\(s / 86_400)d" : "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    static func eventLabel(_ kind: EventKind) -> String {
        switch kind {
        case .created: "Started"
        case .stepDown: "Stepped down"
        case .exhaustedPause: "Paused: chain exhausted"
        case .exhaustedWrap: "Wrapped to tier 1"
        case .recovered: "Recovered"
        case .serverErrorCounted: "5xx counted"
        case .serverErrorsCleared: "5xx run ended"
        case .paused: "Paused by operator"
        case .unpaused: "Unpaused by operator"
        case .reset: "Reset by operator"
        case .chainChanged: "Chain edited"
        }
    }

    static func failureLabel(_ kind: FailureKind) -> String {
        switch kind {
        case .auth: "auth"
        case .quota: "quota"
        case .rateLimit: "rate limit"
        case .serverError: "server error"
        case .tokenBudget: "token budget"
        case .other: "other"
        }
    }

    /// The accessible name of a tier glyph: the exact state in words.
    /// `failure` only when it still explains the state (see `AgentSummary.failureIsCurrent`).
    static func stateLabel(tier: Int, tiers: Int, pauseReason: PauseReason?, entry: ChainEntry, failure: FailureKind?) -> String {
        var text = switch pauseReason {
        case .exhausted: "Paused, chain exhausted, on tier \(tier) of \(tiers)"
        case .operator: "Paused by the operator on tier \(tier) of \(tiers)"
        case nil: "Tier \(tier) of \(tiers)"
        }
        text += ", \(entry.provider)/\(entry.model)"
        if let failure { text += "; last failure: \(failureLabel(failure))" }
        if pauseReason == .exhausted { text += "; needs a reset" }
        return text
    }

    /// CSS class of a tier glyph.
    static func tierClass(tier: Int, paused: Bool) -> String {
        paused ? "tier tier-paused" : "tier tier-\(min(tier, 3))"
    }
}
