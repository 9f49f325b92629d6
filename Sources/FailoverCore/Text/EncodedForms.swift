/// Text as it reads once the encodings a key may hide behind are undone: percent-encoding
/// (`sk%2Dant%2D…`), JSON and Python escapes (`\u002d`, `\x2d`, `\/`) and HTML character
/// references (`&#45;`, `&#x2d;`), nested up to three deep. Each decoded byte remembers which bytes
/// of the original it came from, so a secret found in the decoded text is cut from the original.
struct EncodedForms {
    var bytes: [UInt8]
    /// For each decoded byte, the original bytes it stands for.
    var origins: [Range<Int>]

    /// Whether `bytes` holds anything this type would decode: most text does not, and then the
    /// original is its own decoded form.
    static func mayHoldEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "&") }
    }

    init(decoding original: UnsafeBufferPointer<UInt8>) {
        var bytes = Array(original)
        var origins = (0..<original.count).map { $0 ..< $0 + 1 }
        for _ in 0..<3 {
            guard let next = Self.decodeOnce(bytes, origins) else { break }
            (bytes, origins) = next
        }
        self.bytes = bytes
        self.origins = origins
    }

    /// One layer undone; nil when nothing in `bytes` was encoded.
    private static func decodeOnce(_ bytes: [UInt8], _ origins: [Range<Int>]) -> ([UInt8], [Range<Int>])? {
        var output: [UInt8] = []
        var outputOrigins: [Range<Int>] = []
        output.reserveCapacity(bytes.count)
        outputOrigins.reserveCapacity(bytes.count)
        var changed = false
        var index = 0
        while index < bytes.count {
            if let (value, length) = escape(bytes, at: index) {
                output.append(value)
                outputOrigins.append(origins[index].lowerBound ..< origins[index + length - 1].upperBound)
                index += length
                changed = true
            } else {
                output.append(bytes[index])
                outputOrigins.append(origins[index])
                index += 1
            }
        }
        return changed ? (output, outputOrigins) : nil
    }

    /// The byte an escape at `index` stands for, and how many bytes the escape takes.
    private static func escape(_ bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        switch bytes[index] {
        case UInt8(ascii: "%"):
            guard let value = hex(bytes, from: index + 1, count: 2) else { return nil }
            return (UInt8(value), 3)
        case UInt8(ascii: "\\"):
            guard index + 1 < bytes.count else { return nil }
            switch bytes[index + 1] {
            case UInt8(ascii: "u"):
                guard let value = hex(bytes, from: index + 2, count: 4), value < 0x80 else { return nil }
                return (UInt8(value), 6)
            case UInt8(ascii: "x"):
                guard let value = hex(bytes, from: index + 2, count: 2) else { return nil }
                return (UInt8(value), 4)
            case UInt8(ascii: "/"), UInt8(ascii: "-"):
                return (bytes[index + 1], 2)
            default:
                return nil
            }
        case UInt8(ascii: "&"):
            guard index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "#") else { return nil }
            let isHex = bytes[index + 2] | 0x20 == UInt8(ascii: "x")
            var cursor = index + (isHex ? 3 : 2)
            var value = 0
            let digitsStart = cursor
            while cursor < bytes.count, cursor - digitsStart < 6, let digit = digit(bytes[cursor], hex: isHex) {
                value = value * (isHex ? 16 : 10) + digit
                cursor += 1
            }
            guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";"), value < 0x80 else { return nil }
            return (UInt8(value), cursor + 1 - index)
        default:
            return nil
        }
    }

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
