/// A 64-bit hash of whole words, enough to notice changed content; not a security boundary. Reads
/// eight bytes at a time: a full render hashes hundreds of megabytes. Used for the site's file
/// manifest and for what each container was told to run (`EnvTold`).
package enum ContentDigest {
    package static func hex(_ buffer: UnsafeRawBufferPointer) -> String {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(buffer.count)
        var offset = 0
        while offset + 8 <= buffer.count {
            let word = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < buffer.count {
            tail = tail << 8 | UInt64(buffer[offset])
            offset += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 32
        return String(hash, radix: 16)
    }

    package static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(UnsafeRawBufferPointer($0)) }
    }
}
