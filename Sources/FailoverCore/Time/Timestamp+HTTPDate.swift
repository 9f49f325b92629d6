extension Timestamp {
    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let longWeekdays = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses an HTTP-date (RFC 9110 5.6.7) in any of the three forms a recipient must accept: the
    /// IMF-fixdate a sender should generate (`Wed, 25 Nov 2026 18:00:00 GMT`), and the obsolete RFC 850
    /// (`Wednesday, 25-Nov-26 18:00:00 GMT`) and asctime (`Wed Nov 25 18:00:00 2026`) forms, which
    /// old proxies still pass on: what a provider's Retry-After carries. Spaces around the value are
    /// ignored (a header's optional whitespace). The weekday must match the date, so a garbled header
    /// is refused rather than read as some other day. An RFC 850 date's two-digit year is the one
    /// nearest `reference` not more than 50 years after it, as RFC 9110 says; four-digit years keep
    /// every value far inside `Timestamp`'s range.
    public init?(httpDate text: String, near reference: Timestamp? = nil) {
        let trimmed = text.trimmingASCIISpaces
        guard let date = Self.imfFixdate(trimmed) ?? Self.rfc850(trimmed, near: reference) ?? Self.asctime(trimmed) else { return nil }
        self = date
    }

    /// `Wed, 25 Nov 2026 18:00:00 GMT`.
    private static func imfFixdate(_ text: Substring) -> Timestamp? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let weekday = weekdays.firstIndex(of: String(parts[0].dropLast())),
              let day = digits(parts[1], count: 2), let year = digits(parts[3], count: 4)
        else { return nil }
        return civil(weekday: weekday, year: year, month: parts[2], day: day, clock: parts[4])
    }

    /// `Wednesday, 25-Nov-26 18:00:00 GMT`.
    private static func rfc850(_ text: Substring, near reference: Timestamp?) -> Timestamp? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].hasSuffix(","), parts[3] == "GMT",
              let weekday = longWeekdays.firstIndex(of: String(parts[0].dropLast()))
        else { return nil }
        let date = parts[1].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, let day = digits(date[0], count: 2), let short = digits(date[2], count: 2) else { return nil }
        let near = (reference ?? Timestamp(seconds: 0)).year
        var year = near - near % 100 + short
        if year > near + 50 { year -= 100 }
        return civil(weekday: weekday, year: year, month: date[1], day: day, clock: parts[2])
    }

    /// `Wed Nov 25 18:00:00 2026`, the day padded with a space below 10 (`Wed Nov  5 ...`).
    private static func asctime(_ text: Substring) -> Timestamp? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 5, let weekday = weekdays.firstIndex(of: String(parts[0])),
              let day = digits(parts[2], count: 1) ?? digits(parts[2], count: 2), let year = digits(parts[4], count: 4)
        else { return nil }
        return civil(weekday: weekday, year: year, month: parts[1], day: day, clock: parts[3])
    }

    /// The moment, when the month is named, the clock reads `HH:MM:SS`, the day exists and the weekday
    /// (an index into `weekdays`) is the date's.
    private static func civil(weekday: Int, year: Int64, month name: Substring, day: Int64, clock text: Substring) -> Timestamp? {
        let clock = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...9999).contains(year), let month = monthNames.firstIndex(of: String(name)).map({ Int64($0 + 1) }),
              clock.count == 3, let hour = digits(clock[0], count: 2), let minute = digits(clock[1], count: 2),
              let second = digits(clock[2], count: 2),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday; the modulo is kept non-negative for days before it.
        guard ((days % 7) + 7) % 7 == Int64(weekday) else { return nil }
        return Timestamp(seconds: days * 86_400 + hour * 3600 + minute * 60 + min(second, 59))
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

extension String {
    /// Without the spaces and tabs around it: an HTTP header value's optional whitespace.
    package var trimmingASCIISpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
