/// How to sum usage over a closed range of seconds exactly, cheaply: whole hours come from the
/// hourly rollups; at each edge the partial hour is read from raw rows, either the part inside the
/// range (added) or the part outside it (subtracted from the whole hour), whichever is shorter, so
/// no edge reads more than half an hour of rows.
public struct UsageWindowPlan: Equatable, Sendable {
    /// Shared by both stores (FailoverStore, FailoverPostgres): the same plan, the same exact sums.
    public struct Segment: Equatable, Sendable {
        public enum Source: Equatable, Sendable { case rollup, raw }
        public var source: Source
        /// +1 to add, -1 to subtract.
        public var sign: Int
        /// Inclusive: hour starts for rollups, seconds for raw rows.
        public var from: Int64
        public var through: Int64

        public init(source: Source, sign: Int, from: Int64, through: Int64) {
            self.source = source
            self.sign = sign
            self.from = from
            self.through = through
        }
    }

    public static let hour: Int64 = 3600

    public var segments: [Segment]

    /// Seconds `first...last`, both inclusive.
    public init(first: Int64, last: Int64) {
        guard first <= last else {
            segments = []
            return
        }
        let firstHour = Self.floorHour(first)
        let lastHour = Self.floorHour(last)
        guard firstHour < lastHour else {
            // Within one hour: read the part inside, or the hour less the parts outside, whichever is shorter.
            if last - first + 1 <= Self.hour / 2 {
                segments = [Segment(source: .raw, sign: 1, from: first, through: last)]
            } else {
                segments = [Segment(source: .rollup, sign: 1, from: firstHour, through: firstHour)]
                if first > firstHour { segments.append(Segment(source: .raw, sign: -1, from: firstHour, through: first - 1)) }
                if last < firstHour + Self.hour - 1 { segments.append(Segment(source: .raw, sign: -1, from: last + 1, through: firstHour + Self.hour - 1)) }
            }
            return
        }
        var segments: [Segment] = []
        var rollupFrom = firstHour
        var rollupThrough = lastHour
        if first > firstHour {
            if first - firstHour <= Self.hour / 2 {
                segments.append(Segment(source: .raw, sign: -1, from: firstHour, through: first - 1))
            } else {
                rollupFrom = firstHour + Self.hour
                segments.append(Segment(source: .raw, sign: 1, from: first, through: firstHour + Self.hour - 1))
            }
        }
        let lastHourEnd = lastHour + Self.hour - 1
        if last < lastHourEnd {
            if lastHourEnd - last <= Self.hour / 2 {
                segments.append(Segment(source: .raw, sign: -1, from: last + 1, through: lastHourEnd))
            } else {
                rollupThrough = lastHour - Self.hour
                segments.append(Segment(source: .raw, sign: 1, from: lastHour, through: last))
            }
        }
        if rollupFrom <= rollupThrough {
            segments.insert(Segment(source: .rollup, sign: 1, from: rollupFrom, through: rollupThrough), at: 0)
        }
        self.segments = segments
    }

    public static func floorHour(_ seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / hour * hour : (seconds - hour + 1) / hour * hour
    }
}
