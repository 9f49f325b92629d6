import FailoverCore
import Foundation

/// Seeded hostile input for the fuzz suites: what a broken dispatcher, a careless operator or an
/// attacker could hand us. Every value comes from a `SeededGenerator`, so a failure names its seed
/// and replays exactly.
package enum Hostile {
    /// How many cases a fuzz test runs: small in CI, `FAILOVER_FUZZ_SCALE=100` for a long run.
    package static func iterations(_ base: Int) -> Int {
        let scale = ProcessInfo.processInfo.environment["FAILOVER_FUZZ_SCALE"].flatMap(Int.init) ?? 1
        return base * max(1, scale)
    }

    /// A fake provider key in the shapes providers use; never a real one.
    package static func key(_ rng: inout SeededGenerator) -> String {
        let prefixes = ["sk-ant-api03-", "sk-or-v1-", "sk-", "sk-proj-"]
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        let body = String((0..<Int.random(in: 32...96, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        return prefixes.randomElement(using: &rng)! + body
    }

    /// A key with no recognisable shape: only a redactor that knows it can find it.
    package static func plainKey(_ rng: inout SeededGenerator) -> String {
        let alphabet = Array("abcdef0123456789")
        return String((0..<40).map { _ in alphabet.randomElement(using: &rng)! })
    }

    /// A key whose value holds punctuation, as passwords and some gateways' keys do: only a
    /// redactor that knows it can find it, and no key-character rule sees where it ends.
    package static func punctuatedKey(_ rng: inout SeededGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*+,./:;<=>?@[]^_`{|}~()'\"\\-")
        return String((0..<Int.random(in: 12...48, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    /// `key` as it may reach us: plain, percent-encoded (wholly, partly, either case), JSON- or
    /// Python-escaped, as HTML references (numeric, named, twice encoded), inside a JSON body echoed
    /// in a JSON string, or after `Bearer` or an `x-api-key:` header with any kind of space.
    package static func disguise(_ key: String, _ rng: inout SeededGenerator) -> String {
        func each(_ transform: (Character) -> String) -> String { key.map(transform).joined() }
        func hex(_ c: Character, _ upper: Bool) -> String {
            let value = String(c.asciiValue!, radix: 16)
            return (value.count == 1 ? "0" : "") + (upper ? value.uppercased() : value)
        }
        let spaces = [" ", "\u{A0}", "\n", "\r\n", "\u{2009}", "\t", "&nbsp;", "\\u00a0"]
        switch Int.random(in: 0..<14, using: &rng) {
        case 0: return key
        case 1: return each { "%" + hex($0, true) }
        // An encoder leaves characters alone as it likes, but always encodes its own escape character.
        case 2: return each { $0 == "-" || $0 == "_" || $0 == "%" ? "%" + hex($0, Bool.random(using: &rng)) : String($0) }
        case 3: return each { Bool.random(using: &rng) || $0 == "\\" ? "\\u00" + hex($0, false) : String($0) }
        case 4: return each { Bool.random(using: &rng) || $0 == "&" ? "&#\($0.asciiValue!);" : String($0) }
        case 5: return each { $0 == "-" ? "%252D" : $0 == "%" ? "%2525" : String($0) }
        case 6: return "Bearer " + key
        case 7: return "x-api-key: " + key
        case 8: return #"{\"x-api-key\":\""# + key + #"\"}"#
        case 9: return "x-api-key=&quot;" + key + "&quot;"
        case 10: return each { Bool.random(using: &rng) || $0 == "&" ? "&amp;#\($0.asciiValue!);" : String($0) }
        case 11: return "Bearer" + spaces.randomElement(using: &rng)! + key
        case 12: return "x-api-key:" + spaces.randomElement(using: &rng)! + key
        default: return each { Bool.random(using: &rng) || $0 == "\\" ? "\\x" + hex($0, false) : String($0) }
        }
    }

    /// A string from the corners: empty, enormous, control characters, escape sequences, bidi
    /// overrides, unpaired-looking escapes, numbers at the edges, far dates, keys.
    package static func string(_ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<16, using: &rng) {
        case 0: return ""
        case 1: return String(repeating: "a", count: Int.random(in: 1000...20_000, using: &rng))
        case 2: return "\u{1B}[31mred\u{1B}[0m\u{1B}]0;title\u{07}"
        case 3: return "line\nforged: line\r\n\0nul"
        case 4: return "\u{202E}txt.exe\u{202D}"
        case 5: return String(Int.max)
        case 6: return String(Int.min)
        case 7: return "9999999999999999999999999999"
        case 8: return ["NaN", "Infinity", "-0", "1e308", "1e-400", "0x10"].randomElement(using: &rng)!
        case 9: return ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1970-01-01T00:00:00+23:59", "2026-02-30T00:00:00Z"].randomElement(using: &rng)!
        case 10: return key(&rng)
        case 11: return disguise(key(&rng), &rng)
        case 12: return "\u{FEFF}\u{200B}\u{0085}\u{2028}"
        case 13: return String((0..<Int.random(in: 1...40, using: &rng)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))) })
        case 14: return "🙂" + String(repeating: "\u{301}", count: 50)
        default: return ["coder-1", "anthropic", "15m", "0s", "106751991167300d", "-1", "true"].randomElement(using: &rng)!
        }
    }

    /// An integer from the corners.
    package static func integer(_ rng: inout SeededGenerator) -> Int {
        [0, 1, -1, Int.max, Int.min, Int.max - 1, Int(Int32.max), 1_000_000_000, 1_000_000_001, Int.random(in: Int.min...Int.max, using: &rng)]
            .randomElement(using: &rng)!
    }

    /// Bytes that are not UTF-8.
    package static func invalidUTF8(_ rng: inout SeededGenerator) -> [UInt8] {
        [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]].randomElement(using: &rng)!
    }

    /// Whether `output` holds any `length` consecutive bytes of `key` (the whole of a shorter key):
    /// the promise for a configured key is that no piece that long is shown anywhere.
    package static func leaksPiece(_ key: String, in output: String, length: Int = 8) -> Bool {
        let body = Array(key.utf8)
        guard body.count >= length else { return output.contains(key) }
        var windows = Set<ArraySlice<UInt8>>()
        for start in 0...(body.count - length) { windows.insert(body[start ..< start + length]) }
        let haystack = Array(output.utf8)
        guard haystack.count >= length else { return false }
        for start in 0...(haystack.count - length) where windows.contains(haystack[start ..< start + length]) { return true }
        return false
    }

    /// Whether `output` holds `key` or any run of 12 of its characters after its vendor prefix:
    /// a piece that long identifies a key.
    package static func leaks(_ key: String, in output: String) -> Bool {
        let body = Array((key.split(separator: "-").last.map(String.init) ?? key).utf8)
        let haystack = Array(output.utf8)
        guard body.count >= 12 else { return output.contains(key) }
        // Every 12-byte window of the key, looked up in one pass over the output.
        var windows = Set<ArraySlice<UInt8>>()
        for start in 0...(body.count - 12) { windows.insert(body[start ..< start + 12]) }
        guard haystack.count >= 12 else { return false }
        for start in 0...(haystack.count - 12) where windows.contains(haystack[start ..< start + 12]) { return true }
        return false
    }
}
