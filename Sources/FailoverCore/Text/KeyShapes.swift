/// What a secret looks like when nobody told us its value: the shapes of provider keys, and the
/// headers and parameters that carry a credential. Matching works on bytes (every shape is ASCII)
/// and finds the secret part only, so `Bearer abc…` keeps `Bearer ` and `sk-ant-…` keeps `sk-`.
package enum KeyShapes {
    /// Key characters after `sk-` for text to count as a key: real keys have 32 to 100+, and
    /// ordinary hyphenated words rarely run this long.
    static let minimumKeyLength = 16
    /// A credential after a header or parameter name: shorter values are words ("Authorization: none").
    static let minimumTokenLength = 8

    /// Names after which `:` or `=` introduces a credential. Longest first: `x-api-key` before `api-key`.
    static let credentialNames: [[UInt8]] = [
        "x-goog-api-key", "authorization", "client_secret", "access_token", "x-api-key", "auth_token",
        "api_token", "password", "api-key", "api_key", "apikey",
    ].map { Array($0.utf8) }
    private static let authorization = Array("authorization".utf8)
    /// What follows `sk-` in Anthropic, OpenRouter and OpenAI keys.
    static let vendorPrefixes: [[UInt8]] = ["ant-", "or-", "proj-", "svcacct-", "admin-"].map { Array($0.utf8) }

    /// Whether `text` holds anything shaped like a secret.
    package static func contains(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { !ranges(in: $0, stopAtFirst: true).isEmpty }
    }

    /// Byte ranges of the secrets in `bytes`, in order, not overlapping.
    static func ranges(in bytes: UnsafeBufferPointer<UInt8>, stopAtFirst: Bool = false) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = lower(bytes[index])
            // Only a few letters can start a shape: skip the rest with one comparison each.
            guard byte == UInt8(ascii: "s") || byte == UInt8(ascii: "a") || byte == UInt8(ascii: "b") || byte == UInt8(ascii: "x")
                || byte == UInt8(ascii: "p") || byte == UInt8(ascii: "c")
            else {
                index += 1
                continue
            }
            if let range = match(bytes, at: index) {
                found.append(range)
                if stopAtFirst { return found }
                index = max(range.upperBound, index + 1)
            } else {
                index += 1
            }
        }
        return found
    }

    /// The secret starting at or just after `start`, if a shape begins there.
    private static func match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Range<Int>? {
        // sk-…, sk-ant-…, sk-or-v1-…, sk-proj-…: OpenAI-style keys, which every provider here copies.
        // Inside a word ("task-management-system") `sk-` starts a key only with a vendor's own prefix.
        if hasPrefix(bytes, at: start, "sk-"),
           start == 0 || !isAlphanumeric(bytes[start - 1]) || vendorPrefixes.contains(where: { hasPrefix(bytes, at: start + 3, $0) }) {
            let run = runLength(bytes, from: start + 3, while: isKeyCharacter)
            if run >= minimumKeyLength { return start + 3 ..< start + 3 + run }
        }
        // Google's keys: AIza and 35 more.
        if start + 4 <= bytes.count, bytes[start] == UInt8(ascii: "A"), bytes[start + 1] == UInt8(ascii: "I"),
           bytes[start + 2] == UInt8(ascii: "z"), bytes[start + 3] == UInt8(ascii: "a") {
            let run = runLength(bytes, from: start, while: isKeyCharacter)
            if run >= 39 { return start + 4 ..< start + run }
        }
        if hasPrefix(bytes, at: start, "bearer") {
            var cursor = start + 6
            let spaces = spacesLength(bytes, from: cursor)
            guard spaces > 0 else { return nil }
            cursor += spaces
            let run = runLength(bytes, from: cursor, while: isTokenCharacter)
            if run >= minimumTokenLength { return cursor ..< cursor + run }
            return nil
        }
        for name in credentialNames where hasPrefix(bytes, at: start, name) {
            return credential(bytes, after: start + name.count, wholeValue: name == authorization)
        }
        return nil
    }

    /// `name: value`, `name=value`, `"name": "value"`: the value, when it is long enough to be one.
    /// For `Authorization` the whole value up to its end is the secret, scheme and all.
    private static func credential(_ bytes: UnsafeBufferPointer<UInt8>, after nameEnd: Int, wholeValue: Bool) -> Range<Int>? {
        var cursor = nameEnd
        cursor += quotesAndSpacesLength(bytes, from: cursor)
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") || bytes[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        cursor += quotesAndSpacesLength(bytes, from: cursor)
        let length: Int
        if wholeValue {
            length = runLength(bytes, from: cursor) { $0 != 0x22 && $0 != 0x27 && $0 != 0x2C && $0 != 0x3B && $0 >= 0x20 && $0 != 0x7D }
        } else {
            length = runLength(bytes, from: cursor, while: isTokenCharacter)
        }
        var end = cursor + length
        // A value ending in spaces (the rest of a header line) keeps them.
        while end > cursor, bytes[end - 1] == 0x20 { end -= 1 }
        return end - cursor >= minimumTokenLength ? cursor ..< end : nil
    }

    static func isKeyCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// Base64, base64url and JWT characters.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        isKeyCharacter(byte) || byte == 0x2E || byte == 0x7E || byte == 0x2B || byte == 0x2F || byte == 0x3D
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { hasPrefix(bytes, at: start, $0) }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: [UInt8]) -> Bool {
        prefix.withUnsafeBufferPointer { hasPrefix(bytes, at: start, $0) }
    }

    /// Case-insensitive for letters; every prefix is written in lower case.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard start + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where lower(bytes[start + offset]) != prefix[offset] { return false }
        return true
    }

    private static func runLength(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, while predicate: (UInt8) -> Bool) -> Int {
        var end = start
        while end < bytes.count, predicate(bytes[end]) { end += 1 }
        return end - start
    }
}
