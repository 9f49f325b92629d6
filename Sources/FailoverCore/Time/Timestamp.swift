/// A moment, to the whole second, in Unix time. The domain never reads a clock: callers pass these in.
///
/// Bounded to years 0000-9999, the years RFC 3339 can write: a moment outside is clamped to the
/// nearest end and arithmetic saturates there, so no input, however far off, can overflow or be
/// written out as something other than a valid time.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public private(set) var seconds: Int64

    /// 0000-01-01T00:00:00Z.
    public static let earliest = Timestamp(clamped: -62_167_219_200)
    /// 9999-12-31T23:59:59Z.
    public static let latest = Timestamp(clamped: 253_402_300_799)

    public init(seconds: Int64) {
        self.seconds = min(max(seconds, -62_167_219_200), 253_402_300_799)
    }

    private init(clamped seconds: Int64) {
        self.seconds = seconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// Both operands are bounded, so neither sum can overflow; the result is clamped to the years 0000-9999.
    public static func + (lhs: Timestamp, rhs: TimeSpan) -> Timestamp { Timestamp(seconds: lhs.seconds + Int64(rhs.seconds)) }
    public static func - (lhs: Timestamp, rhs: TimeSpan) -> Timestamp { Timestamp(seconds: lhs.seconds - Int64(rhs.seconds)) }

    /// The calendar year, for range checks on input.
    public var year: Int64 {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return CivilDate.civil(fromDays: days).year
    }

    /// Seconds from `other` to `self`.
    public func seconds(since other: Timestamp) -> Int64 { seconds - other.seconds }

    /// RFC 3339 in UTC: `2026-11-24T10:00:00Z`. Built in a fixed buffer: event pages format a million of these.
    public var description: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.civil(fromDays: days)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(48 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = 0x2D
            put(month, 2, at: 5)
            buffer[7] = 0x2D
            put(day, 2, at: 8)
            buffer[10] = 0x54
            put(secondOfDay / 3600, 2, at: 11)
            buffer[13] = 0x3A
            put(secondOfDay / 60 % 60, 2, at: 14)
            buffer[16] = 0x3A
            put(secondOfDay % 60, 2, at: 17)
            buffer[19] = 0x5A
            return 20
        }
    }

    /// `YYYY-MM-DD` of the UTC day.
    public var utcDay: String { String(description.prefix(10)) }

    /// Midnight UTC of this moment's day.
    public var startOfUTCDay: Timestamp {
        Timestamp(seconds: seconds >= 0 ? seconds / 86_400 * 86_400 : (seconds - 86_399) / 86_400 * 86_400)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
        }
        self = parsed
    }
}

extension Timestamp {
    /// Parses RFC 3339 (`2026-11-24T10:00:00Z`, `2026-11-24T10:00:00.250+01:00`) and the short
    /// `2026-11-24T10:15Z`. Fractions of a second are dropped. Hand-written because it runs once per
    /// recorded outcome and Foundation's formatters cost microseconds each.
    public init?(rfc3339 text: String) {
        guard let seconds = Self.unclampedSeconds(rfc3339: text) else { return nil }
        self.init(seconds: seconds)
    }

    /// The years a time given as input (`--now`, an outcome's `at`, `--since`) may fall in.
    public static let inputYears: ClosedRange<Int64> = 2000...9999

    /// An input time, parsed and checked against `inputYears`.
    public enum Reading: Sendable, Equatable {
        case time(Timestamp)
        case notATime
        /// The UTC year the time falls in, outside `inputYears`.
        case outside(utcYear: Int64)
    }

    /// Parses RFC 3339 and checks the instant, in UTC, against `inputYears` before anything is
    /// clamped: `9999-12-31T23:59:59-23:59` is in the year 10000 and refused, as
    /// `2000-01-01T00:00:00+00:01` (in 1999) is, rather than clamped into range.
    public static func reading(rfc3339 text: String) -> Reading {
        guard let seconds = unclampedSeconds(rfc3339: text) else { return .notATime }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let year = CivilDate.civil(fromDays: days).year
        guard inputYears.contains(year) else { return .outside(utcYear: year) }
        return .time(Timestamp(seconds: seconds))
    }

    /// The instant `text` names, in Unix seconds, not yet bounded: four-digit years and offsets
    /// under a day keep it within a day of the years 0000-9999, far inside Int64.
    static func unclampedSeconds(rfc3339 text: String) -> Int64? {
        var bytes = Array(text.utf8)[...]
        func number(_ count: Int) -> Int64? {
            guard bytes.count >= count else { return nil }
            var value: Int64 = 0
            for byte in bytes.prefix(count) {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            bytes = bytes.dropFirst(count)
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard let byte = bytes.first, characters.utf8.contains(byte) else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("Tt "), let hour = number(2), expect(":"), let minute = number(2)
        else { return nil }
        var second: Int64 = 0
        if expect(":") {
            guard let value = number(2) else { return nil }
            second = value
            if expect(".") {
                let digits = bytes.prefix { $0 >= 48 && $0 <= 57 }
                guard !digits.isEmpty else { return nil }
                bytes = bytes.dropFirst(digits.count)
            }
        }
        var offset: Int64 = 0
        if expect("Zz") {
            offset = 0
        } else if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        guard bytes.isEmpty, (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilDate {
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
