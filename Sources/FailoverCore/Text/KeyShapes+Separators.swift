/// What separates a credential from its name or scheme. Providers and proxies echo headers with
/// more than a space in between: a line break of a folded header, a no-break space from a page.
extension KeyShapes {
    /// Bytes of whitespace from `start`: what may stand between `Bearer` and its token. Line breaks
    /// and Unicode spaces count, since a terminal or a page shows them as a gap all the same.
    static func spacesLength(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count {
            let width = spaceWidth(bytes, at: cursor)
            guard width > 0 else { break }
            cursor += width
        }
        return cursor - start
    }

    /// Quotes and whitespace around the `:` or `=` of a `name: value` pair.
    static func quotesAndSpacesLength(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count {
            let width = bytes[cursor] == 0x22 || bytes[cursor] == 0x27 ? 1 : spaceWidth(bytes, at: cursor)
            guard width > 0 else { break }
            cursor += width
        }
        return cursor - start
    }

    /// The UTF-8 length of the whitespace character at `index`, or 0: ASCII spaces, tabs and line
    /// breaks, no-break and other Unicode spaces, and the zero-width ones that show as nothing.
    static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
        guard byte >= 0xC2, index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        if byte == 0xC2 { return second == 0xA0 || second == 0x85 ? 2 : 0 }
        guard index + 2 < bytes.count else { return 0 }
        let third = bytes[index + 2]
        switch (byte, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0
        case (0xE2, 0x80): return (0x80...0x8B).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F || third == 0xA0 ? 3 : 0
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0
        case (0xEF, 0xBB): return third == 0xBF ? 3 : 0
        default: return 0
        }
    }
}
