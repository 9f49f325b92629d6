import Foundation

/// JSON for the exports: pretty, key-sorted, and safe to paste into HTML. `<`, `>` and `&` only
/// ever occur inside JSON strings, where `\u003c`, `\u003e` and `\u0026` mean the same thing, so a
/// consumer that drops a value into a page unescaped still cannot be handed markup.
enum ExportEncoder {
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        guard data.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") }) else { return data }
        var escaped = Data(capacity: data.count + 64)
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: Array(#"\u003c"#.utf8))
            case UInt8(ascii: ">"): escaped.append(contentsOf: Array(#"\u003e"#.utf8))
            case UInt8(ascii: "&"): escaped.append(contentsOf: Array(#"\u0026"#.utf8))
            default: escaped.append(byte)
            }
        }
        return escaped
    }
}
