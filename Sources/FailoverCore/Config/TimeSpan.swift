/// A whole number of seconds written the way operators write them: `30s`, `15m`, `2h`, `7d`, `1h30m`.
///
/// Bounded: a span never exceeds `maximum` either way, so adding one to a timestamp cannot
/// overflow, whatever a config or a command line says. Keys with tighter limits (a cooldown, a
/// usage window) check them where they are read.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var seconds: Int

    /// About ten years: longer than any limit a key allows, short enough that no sum of a few overflows.
    public static let maximum = TimeSpan(clamping: 3660 * 86_400)

    /// Clamps to `-maximum...maximum`.
    public init(seconds: Int) {
        self.init(clamping: seconds)
    }

    private init(clamping seconds: Int) {
        let limit = 3660 * 86_400
        self.seconds = min(max(seconds, -limit), limit)
    }

    public static func minutes(_ n: Int) -> TimeSpan { TimeSpan(seconds: n.multipliedReportingOverflow(by: 60).overflow ? .max : n * 60) }
    public static func hours(_ n: Int) -> TimeSpan { TimeSpan(seconds: n.multipliedReportingOverflow(by: 3600).overflow ? .max : n * 3600) }
    public static func days(_ n: Int) -> TimeSpan { TimeSpan(seconds: n.multipliedReportingOverflow(by: 86_400).overflow ? .max : n * 86_400) }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    /// Units in the order they must appear; each at most once.
    static let units: [(suffix: Character, seconds: Int)] = [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]

    /// Parses `1h30m`-style text. Returns nil for anything else: no sign, no fractions,
    /// no spaces, no bare numbers (a bare `15` is ambiguous between seconds and minutes), and
    /// nothing longer than `maximum`.
    public init?(parsing text: String) {
        guard let seconds = Self.seconds(parsing: text), seconds <= Self.maximum.seconds else { return nil }
        self.init(seconds: seconds)
    }

    /// The seconds `text` spells, saturating at `Int.max` when it spells more: lets a reader tell
    /// "too long" from "not a duration" and say which.
    public static func seconds(parsing text: String) -> Int? {
        guard text.utf8.count <= 64 else { return nil }
        var total = 0
        var digits = ""
        var nextUnit = 0
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard !digits.isEmpty,
                  let index = units[nextUnit...].firstIndex(where: { $0.suffix == character })
            else { return nil }
            // Digits beyond Int's range still spell a duration: a very long one.
            let value = Int(digits) ?? .max
            let (product, overflow1) = value.multipliedReportingOverflow(by: units[index].seconds)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            total = overflow1 || overflow2 ? .max : sum
            digits = ""
            nextUnit = index + 1
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else { return nil }
        return total
    }

    /// The way operators write it: `30s`, `15m`, `1h30m`, `24h`, `7d`; `0s` for zero. Days are used
    /// only for two or more whole days, so a `24h` window reads back as `24h`.
    public var description: String {
        guard seconds > 0 else { return "0s" }
        if seconds % 86_400 == 0, seconds >= 2 * 86_400 { return "\(seconds / 86_400)d" }
        var rest = seconds
        var text = ""
        for unit in Self.units.dropFirst() where rest >= unit.seconds {
            text += "\(rest / unit.seconds)\(unit.suffix)"
            rest %= unit.seconds
        }
        return text
    }
}
