/// Cutting text to size without leaving a piece of a key: redaction first, and every cut made
/// before redaction (to bound its cost) drops what it may have cut through.
extension SecretRedactor {
    /// At most `limit` characters of `text` with its secrets removed, ending with `…` when cut.
    /// Text far longer than the limit is first cut to a bound (so a megabyte of message costs
    /// little); that cut, made before redaction, and the final one both drop what they went
    /// through (`droppingCutEdge`), so no piece of a key is left that is too short to recognise.
    public func redactedPrefix(_ text: String, limit: Int) -> String {
        let bound = max(limit * 16, 8192)
        let wasLong = text.utf8.count > bound
        let redacted = redact(cutBeforeRedaction(text, maximumBytes: bound))
        guard wasLong || redacted.count > limit else { return redacted }
        return droppingCutEdge(String(redacted.prefix(limit))) + "…"
    }

    /// At most `maximumBytes` of UTF-8 of `text` with its secrets removed, for values kept by size
    /// (an outcome's `error_type` and `message`). Redaction reads `redactionSlack` bytes past the
    /// limit, so a key straddling it is found whole rather than cut and dropped.
    public func redactedPrefix(_ text: String, maximumBytes: Int) -> String {
        let redacted = redact(cutBeforeRedaction(text, maximumBytes: maximumBytes + Self.redactionSlack))
        guard redacted.utf8.count > maximumBytes else { return redacted }
        return droppingCutEdge(Self.prefix(redacted, maximumBytes: maximumBytes))
    }

    /// How far past a byte limit redaction reads: room for a long key written three times encoded.
    static let redactionSlack = 8192

    /// `text` cut to at most `maximumBytes` so that redacting it costs little. Only
    /// `droppingCutEdge` makes such a cut safe: a raw cut through a key leaves a piece that neither
    /// the shapes nor the exact values recognise any more.
    func cutBeforeRedaction(_ text: String, maximumBytes: Int) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        return droppingCutEdge(Self.prefix(text, maximumBytes: maximumBytes))
    }

    /// `text`, whose end is a cut, without what the cut may have left of a key: the unbroken run of
    /// printable ASCII at its end (a key and every encoding of it is such a run, whatever
    /// punctuation it holds), and then any start of a known secret that spaces or other characters
    /// would have hidden from that rule. Text in scripts without spaces keeps all but its last run.
    func droppingCutEdge(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var end = bytes.count
        while end > 0, Self.isRunByte(bytes[end - 1]) { end -= 1 }
        var dropped = true
        while dropped {
            dropped = false
            for needle in brokenNeedles {
                for length in stride(from: min(needle.count - 1, end), through: 1, by: -1)
                where bytes[end - length ..< end].elementsEqual(needle[0 ..< length]) {
                    end -= length
                    dropped = true
                    break
                }
            }
        }
        bytes.removeSubrange(end...)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Printable ASCII: what a cut through a key runs through until the key's start.
    static func isRunByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    /// At most `maximumBytes` of UTF-8 from the start of `text`, ending at a scalar boundary. A raw
    /// cut: only for text already redacted, or followed by `droppingCutEdge`.
    static func prefix(_ text: String, maximumBytes: Int) -> String {
        let utf8 = Substring(text).utf8
        guard utf8.count > maximumBytes else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: maximumBytes)
        while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) { end = utf8.index(before: end) }
        return String(Substring(utf8[..<end]))
    }
}
