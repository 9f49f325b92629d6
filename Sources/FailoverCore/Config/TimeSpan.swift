/// A whole number of seconds written the way operators write them: `30s`, `15m`, `2h`, `7d`, `1h30m`.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public static func minutes(_ n: Int) -> TimeSpan { TimeSpan(seconds: n * 60) }
    public static func hours(_ n: Int) -> TimeSpan { TimeSpan(seconds: n * 3600) }
    public static func days(_ n: Int) -> TimeSpan { TimeSpan(seconds: n * 86_400) }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    /// Units in the order they must appear; each at most once.
    static let units: [(suffix: Character, seconds: Int)] = [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]

    /// Parses `1h30m`-style text. Returns nil for anything else: no sign, no fractions,
    /// no spaces, no bare numbers (a bare `15` is ambiguous between seconds and minutes).
    public init?(parsing text: String) {
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
                  let index = Self.units[nextUnit...].firstIndex(where: { $0.suffix == character }),
                  let value = Int(digits)
            else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: Self.units[index].seconds)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            digits = ""
            nextUnit = index + 1
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else { return nil }
        self.seconds = total
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
