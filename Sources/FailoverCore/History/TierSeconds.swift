/// Seconds on tier 1, on a lower tier and paused over some span. Time the instance did not exist is
/// in none of them, so `covered` can be less than the span.
public struct TierSeconds: Sendable, Hashable, Codable {
    public var tier1: Int64
    public var lower: Int64
    public var paused: Int64

    public init(tier1: Int64 = 0, lower: Int64 = 0, paused: Int64 = 0) {
        self.tier1 = tier1
        self.lower = lower
        self.paused = paused
    }

    /// The seconds with data: the denominator of every share.
    public var covered: Int64 { tier1.addingSaturating(lower).addingSaturating(paused) }

    /// The share of covered time on tier 1, in 0...1; nil with no data.
    public var tier1Share: Double? { share(tier1) }
    public var lowerShare: Double? { share(lower) }
    public var pausedShare: Double? { share(paused) }

    private func share(_ part: Int64) -> Double? {
        let covered = covered
        guard covered > 0 else { return nil }
        return min(max(Double(part) / Double(covered), 0), 1)
    }

    mutating func add(_ seconds: Int64, to standing: Standing) {
        switch standing {
        case .tier1: tier1 = tier1.addingSaturating(seconds)
        case .lower: lower = lower.addingSaturating(seconds)
        case .paused: paused = paused.addingSaturating(seconds)
        }
    }

    /// Sums saturate: a fleet of any size cannot trap.
    public static func + (lhs: TierSeconds, rhs: TierSeconds) -> TierSeconds {
        TierSeconds(tier1: lhs.tier1.addingSaturating(rhs.tier1), lower: lhs.lower.addingSaturating(rhs.lower),
                    paused: lhs.paused.addingSaturating(rhs.paused))
    }
}

extension Int64 {
    package func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
