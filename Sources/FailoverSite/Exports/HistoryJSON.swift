import FailoverCore
import FailoverEngine

/// A `TierHistory` as `status.json` writes it (specs/exports.md, "history"): the three tier-1
/// ratios and the 30 days' seconds, so a reader can draw its own bars or compute its own shares.
enum HistoryJSON {
    static func value(_ history: TierHistory) -> JSONValue {
        var ratios = JSONObject()
        for (span, key) in zip(TierHistory.Span.allCases, ["24h", "7d", "30d"]) {
            ratios[key] = .optional(history.seconds(over: span).tier1Share)
        }
        return .object([
            "through": .time(history.end),
            "tier1_ratio": .object(ratios),
            "days": .array(zip(history.dayStarts, history.days).map { start, seconds in
                .object([
                    "day": .string(start.utcDay),
                    "tier1_seconds": .integer(Int(seconds.tier1)),
                    "lower_seconds": .integer(Int(seconds.lower)),
                    "paused_seconds": .integer(Int(seconds.paused)),
                ])
            }),
        ])
    }

    /// Keyed by provider: over the instances whose tier 1 is that provider (`FleetHistory`).
    static func providers(_ history: FleetHistory) -> JSONValue {
        var providers = JSONObject()
        for (provider, value) in history.providers { providers[provider.rawValue] = Self.value(value) }
        return .object(providers)
    }
}
