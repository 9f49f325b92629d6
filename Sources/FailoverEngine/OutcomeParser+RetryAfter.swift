import FailoverCore

extension OutcomeParser {
    /// A Retry-After longer than this says nothing more: no policy may keep a cooldown longer
    /// (`cooldown` and `max_cooldown` are both at most this), so longer values are cut to it,
    /// never refused: the failure itself must still count.
    package static let maximumRetryAfter = FailoverPolicy.maximumCooldown

    /// `retry_after` as the provider sent it: whole seconds (a JSON number, or a string of digits,
    /// as the header carries it) or an HTTP-date in any of its three forms, read relative to the
    /// outcome's `at`. A date
    /// already past means "now" (RFC 9110: retry at once). nil when absent.
    static func retryAfter(_ value: FlatJSONValue?, at: Timestamp) throws -> TimeSpan? {
        let rule = "seconds (a whole number, 0 or more) or an HTTP-date such as \"Wed, 25 Nov 2026 18:00:00 GMT\""
        switch value {
        case nil, .null?:
            return nil
        case .integer(let seconds)?:
            guard seconds >= 0 else { throw Refusal(reason: "\"retry_after\" must not be negative, got \(seconds); write \(rule)") }
            return bounded(seconds)
        case .hugeInteger(let text, let negative)?:
            guard !negative else { throw Refusal(reason: "\"retry_after\" must not be negative, got \(FlatJSONValue.number(text)); write \(rule)") }
            return maximumRetryAfter
        case .fraction(let text)?:
            throw Refusal(reason: "\"retry_after\" must be whole seconds, got \(FlatJSONValue.number(text)); write \(rule)")
        case .string(let text)?:
            // A header value may carry spaces around it.
            let digits = text.trimmingASCIISpaces
            if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                // Past Int's range only by having more digits than any bound: cut like a huge number.
                return bounded(Int(digits) ?? .max)
            }
            guard let date = Timestamp(httpDate: text, near: at) else {
                throw Refusal(reason: "\"retry_after\" \(Echo.quote(text)) is neither seconds nor an HTTP-date; write \(rule)")
            }
            return bounded(Int(clamping: max(0, date.seconds(since: at))))
        case let other?:
            throw Refusal(reason: "\"retry_after\" must be \(rule), got \(other.display)")
        }
    }

    private static func bounded(_ seconds: Int) -> TimeSpan {
        TimeSpan(seconds: min(seconds, maximumRetryAfter.seconds))
    }
}
