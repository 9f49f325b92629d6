/// Text as it reads once the encodings a key may hide behind are undone, one layer at a time:
/// percent-encoding (`sk%2Dant%2D…`), JSON and Python escapes (`\u002d`, `\x2d`, `\/`, and `\"` of
/// a JSON body echoed inside a JSON string) and HTML character references (`&#45;`, `&#x2d;`,
/// `&quot;`, `&amp;#45;`), nested up to three deep. Each decoded byte remembers which bytes of the
/// original it came from, so a secret found in a decoded layer is cut from the original.
struct EncodedForms {
    struct Layer {
        var bytes: [UInt8]
        /// For each decoded byte, the original bytes it stands for.
        var origins: [Range<Int>]
    }

    /// Every decoded layer, outermost first (the original itself is not one). A secret may be
    /// visible in one layer only: a key holding `%41` reads as itself one layer before `A`.
    var layers: [Layer] = []

    static let depth = 3

    /// Whether `bytes` holds anything this type would decode: most text does not, and then the
    /// original is its only form.
    static func mayHoldEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "&") }
    }

    init(decoding original: UnsafeBufferPointer<UInt8>) {
        var current = Layer(bytes: Array(original), origins: (0..<original.count).map { $0 ..< $0 + 1 })
        for _ in 0..<Self.depth {
            guard let next = Self.decodeOnce(current) else { break }
            layers.append(next)
            current = next
        }
    }

    /// One layer undone; nil when nothing in `layer` was encoded.
    private static func decodeOnce(_ layer: Layer) -> Layer? {
        let bytes = layer.bytes
        var output = Layer(bytes: [], origins: [])
        output.bytes.reserveCapacity(bytes.count)
        output.origins.reserveCapacity(bytes.count)
        var changed = false
        var index = 0
        while index < bytes.count {
            if let (value, length) = escape(bytes, at: index) {
                output.bytes.append(value)
                output.origins.append(layer.origins[index].lowerBound ..< layer.origins[index + length - 1].upperBound)
                index += length
                changed = true
            } else {
                output.bytes.append(bytes[index])
                output.origins.append(layer.origins[index])
                index += 1
            }
        }
        return changed ? output : nil
    }

    /// The byte an escape at `index` stands for, and how many bytes the escape takes.
    private static func escape(_ bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        switch bytes[index] {
        case UInt8(ascii: "%"):
            guard let value = hex(bytes, from: index + 1, count: 2) else { return nil }
            return (UInt8(value), 3)
        case UInt8(ascii: "\\"):
            return backslashEscape(bytes, at: index)
        case UInt8(ascii: "&"):
            return characterReference(bytes, at: index)
        default:
            return nil
        }
    }

    private static func backslashEscape(_ bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        guard index + 1 < bytes.count else { return nil }
        switch bytes[index + 1] {
        case UInt8(ascii: "u"):
            guard let value = hex(bytes, from: index + 2, count: 4), let byte = standIn(for: value) else { return nil }
            return (byte, 6)
        case UInt8(ascii: "x"):
            guard let value = hex(bytes, from: index + 2, count: 2) else { return nil }
            return (UInt8(value), 4)
        case UInt8(ascii: "n"): return (0x0A, 2)
        case UInt8(ascii: "r"): return (0x0D, 2)
        case UInt8(ascii: "t"): return (0x09, 2)
        case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"):
            return (bytes[index + 1], 2)
        default:
            return nil
        }
    }

    /// `&#45;`, `&#x2d;`, `&quot;`.
    private static func characterReference(_ bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        guard index + 3 < bytes.count else { return nil }
        if bytes[index + 1] == UInt8(ascii: "#") {
            let isHex = bytes[index + 2] | 0x20 == UInt8(ascii: "x")
            var cursor = index + (isHex ? 3 : 2)
            var value = 0
            let digitsStart = cursor
            while cursor < bytes.count, cursor - digitsStart < 7, let digit = digit(bytes[cursor], hex: isHex) {
                value = value * (isHex ? 16 : 10) + digit
                cursor += 1
            }
            guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";"), let byte = standIn(for: value) else { return nil }
            return (byte, cursor + 1 - index)
        }
        var cursor = index + 1
        var name: [UInt8] = []
        while cursor < bytes.count, name.count <= longestName, bytes[cursor] | 0x20 >= 0x61, bytes[cursor] | 0x20 <= 0x7A {
            name.append(bytes[cursor] | 0x20)
            cursor += 1
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";"), let byte = namedReferences[name] else { return nil }
        return (byte, cursor + 1 - index)
    }

    /// The byte matching sees for a decoded character: itself when ASCII, a space for any Unicode
    /// space (`Bearer&nbsp;…` separates like `Bearer …`); other characters are left encoded.
    private static func standIn(for value: Int) -> UInt8? {
        if value < 0x80 { return UInt8(value) }
        switch value {
        case 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF: return 0x20
        default: return nil
        }
    }

    /// HTML's names for the ASCII characters a key or a `name: value` pair is written with, and for
    /// spaces; lower case (matching ignores case).
    private static let namedReferences: [[UInt8]: UInt8] = {
        let table: [(String, Character)] = [
            ("quot", "\""), ("apos", "'"), ("amp", "&"), ("lt", "<"), ("gt", ">"), ("colon", ":"), ("equals", "="),
            ("sol", "/"), ("bsol", "\\"), ("lowbar", "_"), ("period", "."), ("comma", ","), ("semi", ";"), ("plus", "+"),
            ("num", "#"), ("percnt", "%"), ("excl", "!"), ("quest", "?"), ("commat", "@"), ("dollar", "$"), ("lpar", "("),
            ("rpar", ")"), ("lsqb", "["), ("rsqb", "]"), ("lcub", "{"), ("rcub", "}"), ("ast", "*"), ("midast", "*"),
            ("hat", "^"), ("grave", "`"), ("verbar", "|"), ("vert", "|"), ("tab", "\t"), ("newline", "\n"),
            ("nbsp", " "), ("ensp", " "), ("emsp", " "), ("thinsp", " "), ("numsp", " "), ("puncsp", " "),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { (Array($0.0.utf8), $0.1.asciiValue!) })
    }()
    private static let longestName = 8

    private static func hex(_ bytes: [UInt8], from start: Int, count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start ..< start + count] {
            guard let digit = digit(byte, hex: true) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
