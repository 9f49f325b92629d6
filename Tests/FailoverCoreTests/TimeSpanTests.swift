import FailoverCore
import Testing

@Suite struct TimeSpanTests {
    @Test(arguments: [
        ("30s", 30), ("15m", 900), ("2h", 7200), ("7d", 604_800), ("1h30m", 5400),
        ("1d2h3m4s", 93784), ("0s", 0), ("90m", 5400),
    ])
    func parses(text: String, seconds: Int) {
        #expect(TimeSpan(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "15", "m", "-5m", "1.5h", "15 m", " 15m", "1m1h", "1h1h", "15min", "2w", "1h30", "99999999999999999999d", "15M"])
    func rejectsJunk(text: String) {
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test func printsTheWayOperatorsWriteIt() {
        #expect(TimeSpan(seconds: 5400).description == "1h30m")
        #expect(TimeSpan(seconds: 0).description == "0s")
        #expect(TimeSpan.hours(24).description == "24h")
        #expect(TimeSpan.days(7).description == "7d")
        #expect(TimeSpan.hours(36).description == "36h")
        #expect(TimeSpan(seconds: 86_400 + 1).description == "24h1s")
        for text in ["30s", "15m", "1h30m", "24h", "7d", "30d"] { #expect(TimeSpan(parsing: text)?.description == text) }
    }

    @Test func usageWindowTakesAllOrAPositiveSpan() {
        #expect(UsageWindow(parsing: "all") == .all)
        #expect(UsageWindow(parsing: "24h") == .span(.hours(24)))
        #expect(UsageWindow(parsing: "0s") == nil)
        #expect(UsageWindow(parsing: "forever") == nil)
    }
}
