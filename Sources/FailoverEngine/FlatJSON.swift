import FailoverCore

/// A value in a flat JSON object. Nested objects and arrays are kept only as `.nested`: outcome lines
/// do not use them, but a dispatcher may add them and they must not break the line.
enum FlatJSONValue: Equatable {
    case string(String)
    case integer(Int)
    case fraction(Double)
    case bool(Bool)
    case null
    case nested

    var display: String {
        switch self {
        case .string(let text): Echo.quote(text)
        case .integer(let value): String(value)
        case .fraction(let value): String(value)
        case .bool(let value): String(value)
        case .null: "null"
        case .nested: "an object or list"
        }
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
        _ = take(UInt8(ascii: "-"))
        let digitsStart = index
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        let integerDigits = index - digitsStart
        guard integerDigits > 0, !(integerDigits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else {
            throw Malformed(reason: "bad number at byte \(start + 1)")
        }
        var isInteger = true
        if take(UInt8(ascii: ".")) {
            isInteger = false
            let fractionStart = index
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            guard index > fractionStart else { throw Malformed(reason: "bad number at byte \(start + 1)") }
        }
        if let byte = peek, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            guard index > exponentStart else { throw Malformed(reason: "bad number at byte \(start + 1)") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .integer(value) }
        guard let value = Double(text) else { throw Malformed(reason: "bad number at byte \(start + 1)") }
        // 2.0 and 2e3 are whole numbers; JSON does not distinguish them from 2 and 2000.
        if let exact = Int(exactly: value) { return .integer(exact) }
        return .fraction(value)
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ Array($0) }) == Array(UnsafeBufferPointer(rebasing: bytes[index..<index + count]))
        else { throw Malformed(reason: "unexpected word at byte \(index + 1)") }
        index += count
    }

    /// Skips a nested object or array, minding strings.
    private mutating func skipNested() throws(Malformed) {
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
                if depth == 0 { return }
            case UInt8(ascii: "\""): _ = try string()
            default: index += 1
            }
        }
        throw Malformed(reason: "unterminated object or list")
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
