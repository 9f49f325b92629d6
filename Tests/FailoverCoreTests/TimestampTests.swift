import FailoverCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-24T10:00:00Z", Int64(1_795_514_400)),
        ("2026-11-24T10:00Z", 1_795_514_400),
        ("2026-11-24T10:00:00.999Z", 1_795_514_400),
        ("2026-11-24T11:00:00+01:00", 1_795_514_400),
        ("2026-11-24t10:00:00z", 1_795_514_400),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("1969-12-31T23:59:59Z", -1),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "2026-11-24", "2026-11-24T10:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                      "2025-02-29T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:00:00Zjunk", "yesterday", "2026-11-24T10:00:00+0100"])
    func rejects(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    /// Input times are bounded on their UTC instant, before anything is clamped: an offset can move
    /// a time written in 9999 into the year 10000, or one written in 2000 into 1999.
    @Test(arguments: [
        ("2000-01-01T00:00:00Z", Int64?.none), ("9999-12-31T23:59:59Z", nil), ("9999-12-31T23:59:59+23:59", nil),
        ("2000-01-01T00:00:00+00:01", 1999), ("9999-12-31T23:59:59-23:59", 10000), ("9999-12-31T23:59:59-00:01", 10000),
        ("1999-12-31T23:59:59Z", 1999), ("0000-01-01T00:00:00+23:59", -1),
    ])
    func inputTimesAreBoundedOnTheirUTCInstant(text: String, outsideYear: Int64?) {
        switch Timestamp.reading(rfc3339: text) {
        case .time: #expect(outsideYear == nil, "\(text) accepted")
        case .outside(let year): #expect(year == outsideYear, "\(text)")
        case .notATime: Issue.record("\(text) not read")
        }
    }

    @Test func formatsAsUTC() {
        #expect(Timestamp(seconds: 1_795_514_400).description == "2026-11-24T10:00:00Z")
        #expect(Timestamp(seconds: -1).description == "1969-12-31T23:59:59Z")
        #expect(Timestamp(seconds: 1_795_514_400).utcDay == "2026-11-24")
        #expect(Timestamp(seconds: 1_795_514_400).startOfUTCDay.description == "2026-11-24T00:00:00Z")
    }

    @Test func roundTripsEveryDayForYears() {
        var t = Timestamp(rfc3339: "1999-12-30T12:34:56Z")!
        for _ in 0..<15_000 {
            #expect(Timestamp(rfc3339: t.description) == t)
            t = t + .days(1)
        }
    }
}
