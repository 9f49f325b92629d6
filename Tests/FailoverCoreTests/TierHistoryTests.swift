import FailoverCore
import Testing

/// The history's arithmetic: a scripted timeline to the second, then random and extreme input.
@Suite struct TierHistoryTests {
    static let midnight = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!
    static let day: Int64 = 86_400

    static func change(_ at: Timestamp, tier: Int, paused: Bool = false) -> StandingChange {
        StandingChange(agent: "coder-1", at: at, tier: tier, paused: paused)
    }

    @Test func aScriptedWeekToTheSecond() {
        let end = Self.midnight
        // Created 3 days before `end` at 06:00; on tier 2 for 6 hours the next day; paused for 2 hours
        // the day after; tier 1 since.
        let created = end - .days(3) + .hours(6)
        let timeline = StandingTimeline(start: TierHistory.since(end: end), initial: nil, changes: [
            Self.change(created, tier: 1),
            Self.change(end - .days(2) + .hours(10), tier: 2),
            Self.change(end - .days(2) + .hours(16), tier: 1),
            Self.change(end - .days(1) + .hours(1), tier: 1, paused: true),
            Self.change(end - .days(1) + .hours(3), tier: 1),
        ])
        let history = TierHistory.of(timeline, end: end)
        #expect(history.days.count == 30)
        #expect(history.dayStarts.last == end - .days(1), "the last bar is yesterday: completed days only")
        #expect(history.days[..<27].allSatisfy { $0.covered == 0 }, "days before the agent existed are no data")
        #expect(history.days[27] == TierSeconds(tier1: 18 * 3600))
        #expect(history.days[28] == TierSeconds(tier1: 18 * 3600, lower: 6 * 3600))
        #expect(history.days[29] == TierSeconds(tier1: 22 * 3600, paused: 2 * 3600))
        #expect(history.seconds(over: .day) == history.days[29])
        #expect(history.seconds(over: .week) == TierSeconds(tier1: 58 * 3600, lower: 6 * 3600, paused: 2 * 3600))
        #expect(history.seconds(over: .month) == history.seconds(over: .week))
        #expect(history.seconds(over: .week).tier1Share == 58.0 / 66.0)
        #expect(history.days[0].tier1Share == nil)
    }

    @Test func aStandingBeforeTheWindowHoldsUntilTheFirstChange() {
        let end = Self.midnight + .hours(12)
        let timeline = StandingTimeline(start: TierHistory.since(end: end), initial: .lower, changes: [Self.change(end - .hours(6), tier: 1)])
        let history = TierHistory.of(timeline, end: end)
        #expect(history.dayStarts.last == Self.midnight, "mid-day, the last bar is today so far")
        #expect(history.days[29] == TierSeconds(tier1: 6 * 3600, lower: 6 * 3600))
        #expect(history.days[28] == TierSeconds(lower: Self.day))
        #expect(history.seconds(over: .day) == TierSeconds(tier1: 6 * 3600, lower: 18 * 3600))
        #expect(history.seconds(over: .month).covered == 30 * Self.day)
    }

    @Test func aLateChangeCountsFromTheChangeBeforeIt() {
        let end = Self.midnight
        let timeline = StandingTimeline(start: TierHistory.since(end: end), initial: .tier1, changes: [
            Self.change(end - .hours(10), tier: 2),
            Self.change(end - .hours(20), tier: 3, paused: true),  // recorded after the one above, stamped earlier
        ])
        let history = TierHistory.of(timeline, end: end)
        #expect(history.days[29] == TierSeconds(tier1: 14 * 3600, paused: 10 * 3600))
    }

    /// Random timelines, some at the ends of time: nothing traps, every share is in 0...1, and each
    /// day's and span's parts add up to exactly the time the agent existed in it.
    @Test(arguments: 0..<60)
    func randomTimelinesAddUp(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let ends: [Timestamp] = [.earliest, .latest, Self.midnight, Self.midnight + TimeSpan(seconds: Int.random(in: 1..<86_400, using: &rng)),
                                 Timestamp(seconds: Int64.random(in: Timestamp.earliest.seconds...Timestamp.latest.seconds, using: &rng))]
        let end = ends.randomElement(using: &rng)!
        let start = TierHistory.since(end: end)
        var at = start - TimeSpan(seconds: Int.random(in: 0...(40 * 86_400), using: &rng))
        var changes: [StandingChange] = []
        for _ in 0..<Int.random(in: 0...200, using: &rng) {
            let step = Int.random(in: 0..<10, using: &rng) == 0 ? -Int.random(in: 0...86_400, using: &rng) : Int.random(in: 0...(Int.random(in: 0..<5, using: &rng) == 0 ? 10 * 86_400 : 9000), using: &rng)
            at = at + TimeSpan(seconds: step)
            changes.append(Self.change(at, tier: Int.random(in: 1...3, using: &rng), paused: Int.random(in: 0..<6, using: &rng) == 0))
        }
        let initial: Standing? = [nil, .tier1, .lower, .paused].randomElement(using: &rng)!
        let timeline = StandingTimeline(start: start, initial: initial, changes: changes)
        let history = TierHistory.of(timeline, end: end)
        // Brute force: when did the agent start to exist (in the clamped order the history uses)?
        var clamp = start.seconds
        var existsFrom: Int64? = initial == nil ? nil : start.seconds
        for change in changes {
            clamp = min(max(change.at.seconds, clamp), max(end.seconds, start.seconds))
            if existsFrom == nil { existsFrom = clamp }
        }
        func existing(_ from: Int64, _ to: Int64) -> Int64 {
            guard let existsFrom else { return 0 }
            return max(0, min(to, end.seconds) - max(from, existsFrom, start.seconds))
        }
        for (index, dayStart) in history.dayStarts.enumerated() {
            let seconds = history.days[index]
            #expect(seconds.covered == existing(dayStart.seconds, dayStart.seconds + Self.day))
            #expect(seconds.tier1 >= 0 && seconds.lower >= 0 && seconds.paused >= 0)
            for share in [seconds.tier1Share, seconds.lowerShare, seconds.pausedShare] { #expect(share.map { (0...1).contains($0) } ?? true) }
        }
        for span in TierHistory.Span.allCases {
            let seconds = history.seconds(over: span)
            #expect(seconds.covered == existing(end.seconds - Int64(span.days) * Self.day, end.seconds))
            #expect(seconds.tier1Share.map { (0...1).contains($0) } ?? true)
        }
    }

    /// The rollup's arithmetic on random and absurd rows (counts and moments far beyond any real
    /// fleet, hours ahead of the end, negative times): it saturates rather than traps, and shares stay
    /// in 0...1.
    @Test(arguments: 0..<40)
    func rollupsOfAnyInputNeverTrap(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let end = [Timestamp.earliest, .latest, Self.midnight + .minutes(7)].randomElement(using: &rng)!
        var rollup = StandingRollup(now: ["coder": [.tier1: Int64.random(in: -5...Int64.max, using: &rng), .paused: Int64.random(in: Int64.min...5, using: &rng)]])
        let first = StandingRollup.since(end: end).seconds
        for _ in 0..<300 {
            let hour = first + 3600 * Int64.random(in: -2...760, using: &rng)
            let big = Int.random(in: 0..<4, using: &rng) == 0
            rollup.hours.append(StandingRollup.Hour(
                start: hour, type: "coder", standing: Standing.allCases.randomElement(using: &rng)!,
                changes: big ? Int64.random(in: Int64.min...Int64.max, using: &rng) : Int64.random(in: -3...3, using: &rng),
                moments: big ? Int64.random(in: Int64.min...Int64.max, using: &rng) : Int64.random(in: -9000...9000, using: &rng)))
        }
        let history = rollup.history(of: "coder", end: end)
        for seconds in history.days + history.spans {
            #expect(seconds.tier1 >= 0 && seconds.lower >= 0 && seconds.paused >= 0)
            for share in [seconds.tier1Share, seconds.lowerShare, seconds.pausedShare] { #expect(share.map { (0...1).contains($0) } ?? true) }
        }
        #expect(rollup.history(of: "nobody", end: end) == TierHistory.empty(end: end))
    }

    /// Per type from the rollup's counts: two instances, one moving, to the second over whole hours.
    @Test func aTypeFromItsRollup() {
        let end = Self.midnight
        let move = (end - .hours(5) + .minutes(30)).seconds
        let hour = move / 3600 * 3600
        // Two instances on tier 1 all along; one stepped down 5.5 hours before the end and is still there.
        let rollup = StandingRollup(now: ["coder": [.tier1: 1, .lower: 1]], hours: [
            .init(start: hour, type: "coder", standing: .tier1, changes: -1, moments: -(move - hour)),
            .init(start: hour, type: "coder", standing: .lower, changes: 1, moments: move - hour),
        ])
        let history = rollup.history(of: "coder", end: end)
        #expect(history.days[29] == TierSeconds(tier1: 2 * Self.day - 5 * 3600 + 1800, lower: 5 * 3600 - 1800))
        #expect(history.days[28] == TierSeconds(tier1: 2 * Self.day))
        #expect(history.seconds(over: .month).covered == 60 * Self.day)
    }
}
