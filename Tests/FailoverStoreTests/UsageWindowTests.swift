import FailoverCore
@testable import FailoverStore
import Testing

@Suite struct UsageWindowTests {
    @Test func planReadsAtMostHalfAnHourOfRawRowsPerEdge() {
        for (first, last) in [(Int64(10), Int64(100_000)), (1799, 7201), (1801, 7199), (0, 3599), (3600, 7199), (5, 20), (-5000, 5000), (3700, 7000)] {
            let raw = UsageWindowPlan(first: first, last: last).segments.filter { $0.source == .raw }
            #expect(raw.reduce(0) { $0 + $1.through - $1.from + 1 } <= 3600, "\(first)...\(last)")
            for segment in raw { #expect(segment.through - segment.from < 1800) }
        }
        #expect(UsageWindowPlan(first: 3600, last: 7199).segments == [.init(source: .rollup, sign: 1, from: 3600, through: 3600)])
    }
}
