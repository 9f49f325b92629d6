/// "How flaky has it been?": the last 30 UTC days as per-day seconds on tier 1, on a lower tier and
/// paused, and the same over the 24 hours, 7 days and 30 days ending at `end`.
///
/// `end` is a parameter, not a clock: an agent page passes today's 00:00 UTC, so its history covers
/// completed days only and stays the same all day; the budget page passes the render's moment.
public struct TierHistory: Sendable, Hashable, Codable {
    public static let dayCount = 30
    static let day: Int64 = 86_400

    /// The spans the tier-1 percentages are over, each ending at `end`.
    public enum Span: Int, Sendable, Hashable, Codable, CaseIterable {
        case day = 1
        case week = 7
        case month = 30

        public var days: Int { rawValue }
    }

    /// Exclusive: the end of the last day's bar and of every span.
    public var end: Timestamp
    /// One per UTC day, oldest first; the last is the day that holds the second before `end` (so
    /// today, up to `end`, unless `end` is a midnight).
    public var days: [TierSeconds]
    /// One per `Span`, in `Span.allCases` order.
    public var spans: [TierSeconds]

    public init(end: Timestamp, days: [TierSeconds], spans: [TierSeconds]) {
        self.end = end
        self.days = days
        self.spans = spans
    }

    /// Nothing known: every day "no data".
    public static func empty(end: Timestamp) -> TierHistory {
        TierHistory(end: end, days: Array(repeating: TierSeconds(), count: dayCount), spans: Array(repeating: TierSeconds(), count: Span.allCases.count))
    }

    /// Where a timeline must start (its `StandingLog.since`) for a history ending at `end`: the longer
    /// of the 30-day span and the 30 day bars.
    public static func since(end: Timestamp) -> Timestamp {
        Timestamp(seconds: min(end.seconds - Int64(Span.month.days) * day, firstDayStart(end: end)))
    }

    /// Midnight UTC of the first day bar.
    public static func firstDayStart(end: Timestamp) -> Int64 {
        lastDayStart(end: end) - Int64(dayCount - 1) * day
    }

    static func lastDayStart(end: Timestamp) -> Int64 {
        Timestamp(seconds: end.seconds - 1).startOfUTCDay.seconds
    }

    /// Midnight UTC of each day bar, oldest first.
    public var dayStarts: [Timestamp] {
        let first = Self.firstDayStart(end: end)
        return (0..<days.count).map { Timestamp(seconds: first + Int64($0) * Self.day) }
    }

    public func seconds(over span: Span) -> TierSeconds {
        guard let index = Span.allCases.firstIndex(of: span), spans.indices.contains(index) else { return TierSeconds() }
        return spans[index]
    }

    /// One instance's history from its timeline, which starts at or before `since(end:)`.
    public static func of(_ timeline: StandingTimeline, end: Timestamp) -> TierHistory {
        var history = empty(end: end)
        let first = firstDayStart(end: end)
        let spanStarts = Span.allCases.map { end.seconds - Int64($0.days) * day }
        timeline.forEachStretch(through: end) { from, to, standing in
            guard let standing else { return }
            for (index, spanStart) in spanStarts.enumerated() {
                let overlap = min(to, end.seconds) - max(from, spanStart)
                if overlap > 0 { history.spans[index].add(overlap, to: standing) }
            }
            // Only the days the stretch touches: a stretch of a year costs 30 steps, not 365.
            var dayStart = max(first, first + (max(from, first) - first) / day * day)
            while dayStart < to, dayStart < first + Int64(dayCount) * day {
                let overlap = min(to, dayStart + day, end.seconds) - max(from, dayStart)
                if overlap > 0 { history.days[Int((dayStart - first) / day)].add(overlap, to: standing) }
                dayStart += day
            }
        }
        return history
    }

    /// The sum of several instances' histories over the same days: a type's or a provider's. Shares
    /// of the sum weigh each instance by the time it existed.
    public static func sum(_ histories: some Sequence<TierHistory>, end: Timestamp) -> TierHistory {
        var total = empty(end: end)
        for history in histories where history.end == end {
            for index in total.days.indices where history.days.indices.contains(index) { total.days[index] = total.days[index] + history.days[index] }
            for index in total.spans.indices where history.spans.indices.contains(index) { total.spans[index] = total.spans[index] + history.spans[index] }
        }
        return total
    }
}
