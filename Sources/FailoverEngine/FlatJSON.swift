import FailoverCore

/// A value in a flat JSON object. Nested objects and arrays are kept only as `.nested`: outcome lines
/// do not use them, but a dispatcher may add them and they must not break the line.
enum FlatJSONValue: Equatable {
    case string(String)
    /// A whole number, however written: `2`, `2.0`, `2e0` and `200e-2` are all 2.
    case integer(Int)
    /// A number that is not a whole number (`1.5`, `1e-400`), as written: rounded to a Double,
    /// `1e-400` would read as 0.
    case fraction(String)
    /// A whole number beyond Int's range, as written; `negative` says at which end.
    case hugeInteger(String, negative: Bool)
    case bool(Bool)
    case null
    case nested

    var display: String {
        switch self {
        case .string(let text): Echo.quote(text)
        case .integer(let value): String(value)
        case .fraction(let text), .hugeInteger(let text, _): Self.number(text)
        case .bool(let value): String(value)
        case .null: "null"
        case .nested: "an object or list"
        }
    }

    /// A number as written, when short enough to repeat.
    static func number(_ text: String) -> String {
        text.utf8.count <= Echo.maximumQuoted ? text : "a \(text.utf8.count)-character number"
    }
}

/// Reads one JSON object whose values are scalars. Strict JSON (RFC 8259): what it accepts, any JSON
/// parser accepts. Hand-written because `record` reads 100,000 lines a second and needs exact integers.
struct FlatJSON: ~Copyable {
    struct Malformed: Error {
        var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Calls `field` for each key and value, in order, without building a dictionary: `record` reads
    /// 100,000 lines a second and hashing every key showed in profiles.
    static func forEachField(_ text: Substring, _ field: (String, FlatJSONValue) throws -> Void) throws {
        var text = text
        try text.withUTF8 { buffer in try forEachField(buffer, field) }
    }

    /// The same over bytes already known to be UTF-8.
    static func forEachField(_ bytes: UnsafeBufferPointer<UInt8>, _ field: (String, FlatJSONValue) throws -> Void) throws {
        var parser = FlatJSON(bytes: bytes)
        try parser.object(field)
    }

    static func parseObject(_ text: Substring) throws(Malformed) -> [String: FlatJSONValue] {
        var result: [String: FlatJSONValue] = [:]
        do {
            try forEachField(text) { key, value in result[key] = value }
        } catch let malformed as Malformed {
            throw malformed
        } catch {
            throw Malformed(reason: "\(error)")
        }
        return result
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func object(_ field: (String, FlatJSONValue) throws -> Void) throws {
        skipSpace()
        if bytes[index...].starts(with: [0xEF, 0xBB, 0xBF]) {
            throw Malformed(reason: "the line starts with a byte-order mark (U+FEFF), which only the first line may carry: were files that each begin with one joined together?")
        }
        guard take(UInt8(ascii: "{")) else { throw Malformed(reason: "not a JSON object") }
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Malformed(reason: "expected a quoted key at byte \(index + 1)") }
                let key = try string()
                skipSpace()
                guard take(UInt8(ascii: ":")) else { throw Malformed(reason: "expected ':' after the key \(Echo.quote(key))") }
                skipSpace()
                try field(key, try value())
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                if take(UInt8(ascii: "}")) { break }
                throw Malformed(reason: "expected ',' or '}' at byte \(index + 1)")
            }
        }
        skipSpace()
        guard index == bytes.count else { throw Malformed(reason: "text after the object at byte \(index + 1)") }
    }

    private mutating func value() throws(Malformed) -> FlatJSONValue {
        guard let byte = peek else { throw Malformed(reason: "the line ends inside the object") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipNested(); return .nested
        default: throw Malformed(reason: "unexpected character at byte \(index + 1)")
        }
    }

    private mutating func string() throws(Malformed) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var start = index
        var plain = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text: String
                if plain {
                    text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                } else {
                    scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).unicodeScalars)
                    text = String(scalars)
                }
                index += 1
                return text
            }
            if byte < 0x20 { throw Malformed(reason: "control character inside a string at byte \(index + 1)") }
            if byte == UInt8(ascii: "\\") {
                plain = false
                scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).unicodeScalars)
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                default: throw Malformed(reason: "bad escape at byte \(index)")
                }
                start = index
                continue
            }
            index += 1
        }
        throw Malformed(reason: "unterminated string")
    }

    private mutating func unicodeEscape() throws(Malformed) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800...0xDBFF).contains(high) {
            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) else { throw Malformed(reason: "unpaired surrogate in a string") }
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low), let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw Malformed(reason: "bad surrogate pair in a string")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw Malformed(reason: "unpaired surrogate in a string") }
        return scalar
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed(reason: "short \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed(reason: "bad \\u escape")
            }
            value = value * 16 + UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func number() throws(Malformed) -> FlatJSONValue {
        let start = index
        let negative = take(UInt8(ascii: "-"))
        let digitsStart = index
        // The common case, a plain integer, is read as it is scanned.
        var value = 0, overflow = false
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            value = sum
            index += 1
        }
        let integerDigits = digitsStart..<index
        guard !integerDigits.isEmpty, !(integerDigits.count > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else {
            throw Malformed(reason: "bad number at byte \(start + 1)")
        }
        var fractionDigits = index..<index
        if take(UInt8(ascii: ".")) {
            let fractionStart = index
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            guard index > fractionStart else { throw Malformed(reason: "bad number at byte \(start + 1)") }
            fractionDigits = fractionStart..<index
        }
        var exponent: Int?
        if let byte = peek, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            let exponentNegative = peek == UInt8(ascii: "-")
            if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            var magnitude = 0
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                // Past a billion the exponent means "too large" or "not whole" either way.
                magnitude = min(magnitude * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000_000)
                index += 1
            }
            guard index > exponentStart else { throw Malformed(reason: "bad number at byte \(start + 1)") }
            exponent = exponentNegative ? -magnitude : magnitude
        }
        if fractionDigits.isEmpty, exponent == nil {
            return overflow ? .hugeInteger(text(start..<index), negative: negative) : .integer(value)
        }
        return exactly(digits: integerDigits, fractionDigits, exponent: exponent ?? 0, negative: negative, text: text(start..<index))
    }

    /// A number with a fraction or an exponent, read exactly from its digits: whole, whole but beyond
    /// Int, or not whole.
    private func exactly(digits: Range<Int>, _ fraction: Range<Int>, exponent: Int, negative: Bool, text: String) -> FlatJSONValue {
        // The significant digits, without leading zeros, as one run over the integer and fraction parts.
        let all = Array(bytes[digits]) + Array(bytes[fraction])
        guard let first = all.firstIndex(where: { $0 != UInt8(ascii: "0") }) else { return .integer(0) }
        let last = all.lastIndex(where: { $0 != UInt8(ascii: "0") })!
        let significant = all[first...last]
        // value = significant × 10^scale
        let scale = exponent - fraction.count + (all.count - 1 - last)
        guard scale >= 0 else { return .fraction(text) }
        // Int holds 19 digits at most: the count rules out the rest before any arithmetic.
        guard significant.count + scale <= 19 else { return .hugeInteger(text, negative: negative) }
        // Built toward its sign, as the integer path does, so Int.min reads too.
        var value = 0
        for digit in Array(significant) + Array(repeating: UInt8(ascii: "0"), count: scale) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let step = Int(digit - UInt8(ascii: "0"))
            let (sum, o2) = negative ? times.subtractingReportingOverflow(step) : times.addingReportingOverflow(step)
            guard !o1, !o2 else { return .hugeInteger(text, negative: negative) }
            value = sum
        }
        return .integer(value)
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ Array($0) }) == Array(UnsafeBufferPointer(rebasing: bytes[index..<index + count]))
        else { throw Malformed(reason: "unexpected word at byte \(index + 1)") }
        index += count
    }

    /// Skips a nested object or list, checking that it is JSON: a dispatcher's extra field must not
    /// break the line, and it must not hide a broken one either. Without recursion, since a line may
    /// open a million brackets: `closers` holds what each open one needs.
    private mutating func skipNested() throws(Malformed) {
        var closers: [UInt8] = []
        while true {
            // A value is expected here.
            skipSpace()
            guard let byte = peek else { throw Malformed(reason: "the line ends inside an object or list") }
            switch byte {
            case UInt8(ascii: "{"):
                index += 1
                closers.append(UInt8(ascii: "}"))
                skipSpace()
                if !take(UInt8(ascii: "}")) {
                    try memberKey()
                    continue
                }
                closers.removeLast()
            case UInt8(ascii: "["):
                index += 1
                closers.append(UInt8(ascii: "]"))
                skipSpace()
                if !take(UInt8(ascii: "]")) { continue }
                closers.removeLast()
            case UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                _ = try value()
            default:
                throw Malformed(reason: "unexpected character at byte \(index + 1)")
            }
            // After a value: a comma and the next, or the closer of the innermost open one.
            while true {
                guard let closer = closers.last else { return }
                skipSpace()
                if take(UInt8(ascii: ",")) {
                    if closer == UInt8(ascii: "}") { try memberKey() }
                    break
                }
                guard take(closer) else {
                    throw Malformed(reason: "expected ',' or '\(Character(Unicode.Scalar(closer)))' at byte \(index + 1)")
                }
                closers.removeLast()
            }
        }
    }

    /// `"key":` inside a skipped object.
    private mutating func memberKey() throws(Malformed) {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw Malformed(reason: "expected a quoted key at byte \(index + 1)") }
        _ = try string()
        skipSpace()
        guard take(UInt8(ascii: ":")) else { throw Malformed(reason: "expected ':' at byte \(index + 1)") }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }
}
