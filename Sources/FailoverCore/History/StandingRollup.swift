/// A fleet's history by type, as the store keeps it for every render: how many of each type's
/// instances stand where now, and per hour the moves between standings. Each switch is one instance
/// leaving a standing (-1) and entering another (+1) at a second of the hour; per type, hour and
/// standing the store sums those counts (`changes`) and their seconds into the hour (`moments`).
///
/// Counting backwards from now gives how many stood where at the start of any hour, and within an
/// hour of length L the seconds spent are `count × L + changes × L - moments`: exact for every span of
/// whole hours, whatever the number of instances, without reading the ledger. See `history`.
public struct StandingRollup: Sendable, Hashable {
    public struct Hour: Sendable, Hashable {
        /// The hour's first second (Unix time, a multiple of 3600).
        public var start: Int64
        public var type: AgentTypeName
        public var standing: Standing
        public var changes: Int64
        public var moments: Int64

        public init(start: Int64, type: AgentTypeName, standing: Standing, changes: Int64, moments: Int64) {
            self.start = start
            self.type = type
            self.standing = standing
            self.changes = changes
            self.moments = moments
        }
    }

    /// Instances per type and standing, as the ledger leaves them.
    public var now: [AgentTypeName: [Standing: Int64]]
    /// Every hour at or after the moment the rollup was read from, any order.
    public var hours: [Hour]

    public init(now: [AgentTypeName: [Standing: Int64]] = [:], hours: [Hour] = []) {
        self.now = now
        self.hours = hours
    }

    static let hour: Int64 = 3600

    /// The hour a rollup must be read from for a history ending at `end`.
    public static func since(end: Timestamp) -> Timestamp {
        Timestamp(seconds: floorHour(TierHistory.since(end: end).seconds))
    }

    static func floorHour(_ seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / hour * hour : (seconds - (hour - 1)) / hour * hour
    }

    /// One type's history ending at `end` (the render's moment). Each span starts at the top of the
    /// hour its length before `end`'s hour: "24 h" is the 24 whole hours before this one and this
    /// hour so far. Moves stamped after `end` within its hour count as if at `end`'s second; a
    /// back-dated move that leaves a negative stretch is counted as none.
    public func history(of type: AgentTypeName, end: Timestamp) -> TierHistory {
        var history = TierHistory.empty(end: end)
        let endHour = Self.floorHour(end.seconds)
        let first = Self.floorHour(TierHistory.since(end: end).seconds)
        guard endHour >= first else { return history }
        let hourCount = Int((endHour - first) / Self.hour) + 1
        var changes = Array(repeating: [Int64](repeating: 0, count: Standing.allCases.count), count: hourCount)
        var moments = changes
        var counts = Standing.allCases.map { now[type]?[$0] ?? 0 }
        for row in hours where row.type == type && row.start >= first {
            // Every move at or after the first hour is undone to find the counts at its start.
            counts[row.standing.rawValue] = counts[row.standing.rawValue].subtractingSaturating(row.changes)
            guard row.start <= endHour else { continue }
            let index = Int((row.start - first) / Self.hour)
            changes[index][row.standing.rawValue] = changes[index][row.standing.rawValue].addingSaturating(row.changes)
            moments[index][row.standing.rawValue] = moments[index][row.standing.rawValue].addingSaturating(row.moments)
        }
        let firstDay = TierHistory.firstDayStart(end: end)
        let spanStarts = TierHistory.Span.allCases.map { endHour - Int64($0.days) * 86_400 }
        for index in 0..<hourCount {
            let start = first + Int64(index) * Self.hour
            let length = min(Self.hour, end.seconds - start)
            var seconds = TierSeconds()
            for standing in Standing.allCases {
                let s = standing.rawValue
                let spent = counts[s].multipliedSaturating(by: length)
                    .addingSaturating(changes[index][s].multipliedSaturating(by: length))
                    .subtractingSaturating(moments[index][s])
                seconds.add(max(0, spent), to: standing)
                counts[s] = counts[s].addingSaturating(changes[index][s])
            }
            guard length > 0 else { continue }
            for (span, spanStart) in spanStarts.enumerated() where start >= spanStart {
                history.spans[span] = history.spans[span] + seconds
            }
            let day = (start - firstDay) / 86_400
            if start >= firstDay, day < Int64(history.days.count) { history.days[Int(day)] = history.days[Int(day)] + seconds }
        }
        return history
    }
}

extension Int64 {
    package func subtractingSaturating(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }

    package func multipliedSaturating(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }
}
