extension Timestamp {
    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses an HTTP-date in the IMF-fixdate form (RFC 9110 5.6.7), `Wed, 25 Nov 2026 18:00:00 GMT`,
    /// the only form a sender may generate: what a provider's Retry-After carries. The weekday
    /// must match the date, so a garbled header is refused rather than read as some other day.
    /// Four-digit years keep every value far inside `Timestamp`'s range.
    public init?(httpDate text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let weekday = Self.weekdays.firstIndex(of: String(parts[0].dropLast())),
              let month = Self.monthNames.firstIndex(of: String(parts[2])).map({ Int64($0 + 1) }),
              let day = Self.digits(parts[1], count: 2), let year = Self.digits(parts[3], count: 4)
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, let hour = Self.digits(clock[0], count: 2), let minute = Self.digits(clock[1], count: 2),
              let second = Self.digits(clock[2], count: 2),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday; the modulo is kept non-negative for days before it.
        guard ((days % 7) + 7) % 7 == Int64(weekday) else { return nil }
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + min(second, 59))
    }

    /// Exactly `count` ASCII digits.
    private static func digits(_ text: Substring, count: Int) -> Int64? {
        guard text.utf8.count == count else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        return value
    }
}
