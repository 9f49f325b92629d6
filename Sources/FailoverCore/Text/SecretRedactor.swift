/// Removes secrets from text before it is stored, logged, printed or rendered: provider error
/// messages sometimes echo part of a request, and operators sometimes paste a key into the wrong
/// field. A key must never leave the env files.
///
/// Two kinds of secret are removed, each in its plain form and behind the encodings
/// `EncodedForms` undoes: the values of the providers' key variables, when this process has them,
/// and anything shaped like a key or credential (`KeyShapes`), which needs no environment at all.
/// Redact before cutting text short (`redactedPrefix`): a cut through a key would leave a piece too
/// short to recognise.
public struct SecretRedactor: Sendable {
    /// Values known to be secret (the providers' keys from the environment), longest first.
    public private(set) var secrets: [String]

    public static let replacement = "[redacted]"

    /// Keys shorter than this are not matched inside text: they would blank out ordinary words.
    /// Loading a config warns about a provider key this short (`shortKeyWarnings`).
    public static let minimumSecretLength = 8

    /// Every secret given, however short: a whole value equal to one is a key (`isKnownSecret`).
    let wholeValues: Set<String>

    private let needles: [[UInt8]]
    /// What to look for in each decoded layer (`EncodedForms.layers`): every needle, and a needle
    /// holding escapes of its own as decoding that many times reads it. A key holding `\t` or
    /// `%41`, percent-encoded, is decoded together with its disguise.
    private let layerNeedles: [[[UInt8]]]
    /// The needles holding a byte that ends a run (a space, a non-ASCII letter): a cut through one
    /// of these can leave a piece that `droppingCutEdge` must look for by value.
    private let brokenNeedles: [[UInt8]]

    public init(secrets: [String]) {
        wholeValues = Set(secrets.filter { !$0.isEmpty })
        self.secrets = Array(Set(secrets.filter { $0.utf8.count >= Self.minimumSecretLength })).sorted { $0.utf8.count > $1.utf8.count }
        needles = self.secrets.map { Array($0.utf8) }
        brokenNeedles = needles.filter { !$0.allSatisfy(Self.isRunByte) }
        var layerNeedles = Array(repeating: needles, count: EncodedForms.depth)
        for needle in needles {
            let decoded = needle.withUnsafeBufferPointer { EncodedForms(decoding: $0).layers.map(\.bytes) }
            for (depth, form) in decoded.enumerated() where form.count >= Self.minimumSecretLength {
                for layer in depth ..< EncodedForms.depth { layerNeedles[layer].append(form) }
            }
        }
        self.layerNeedles = layerNeedles
    }

    /// The keys of every provider in the registry, read from `environment`.
    public init(providers: ProviderRegistry, environment: [String: String]) {
        self.init(secrets: providers.providers.values.compactMap { $0.apiKeyEnv.flatMap { environment[$0] } })
    }

    /// Shapes only: for processes that hold no keys.
    public static let shapesOnly = SecretRedactor(secrets: [])

    public func redact(_ text: String) -> String {
        var text = text
        let ranges = text.withUTF8 { secretRanges(in: $0) }
        guard !ranges.isEmpty else { return text }
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var copied = 0
            for range in ranges {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied ..< range.lowerBound]))
                output.append(contentsOf: Self.replacement.utf8)
                copied = range.upperBound
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Whether `text` is, as a whole, one of the secrets this redactor was given, even one too
    /// short to be looked for inside text: a config value or a name that is a key.
    public func isKnownSecret(_ text: String) -> Bool {
        wholeValues.contains(text)
    }

    /// Whether `redact` would change `text`.
    public func holdsSecret(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { !secretRanges(in: $0).isEmpty }
    }

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

    /// Merged byte ranges of every secret in `bytes`, by value and by shape, plain and in every
    /// decoded layer.
    private func secretRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges = plainRanges(in: bytes, needles: needles)
        if EncodedForms.mayHoldEncoding(bytes) {
            for (depth, layer) in EncodedForms(decoding: bytes).layers.enumerated() {
                layer.bytes.withUnsafeBufferPointer { view in
                    for range in plainRanges(in: view, needles: layerNeedles[depth]) where !range.isEmpty {
                        ranges.append(layer.origins[range.lowerBound].lowerBound ..< layer.origins[range.upperBound - 1].upperBound)
                    }
                }
            }
        }
        return Self.merged(ranges)
    }

    /// The secrets in `bytes` as they stand, encoded or not.
    private func plainRanges(in bytes: UnsafeBufferPointer<UInt8>, needles: [[UInt8]]) -> [Range<Int>] {
        var ranges = KeyShapes.ranges(in: bytes)
        for needle in needles { ranges += Self.occurrences(of: needle, in: bytes) }
        return ranges
    }

    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound ..< max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    static func occurrences(of pattern: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let first = pattern.first, pattern.count <= haystack.count else { return [] }
        var found: [Range<Int>] = []
        var index = 0
        let last = haystack.count - pattern.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < pattern.count, haystack[index + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count {
                    found.append(index ..< index + pattern.count)
                    index += pattern.count
                    continue
                }
            }
            index += 1
        }
        return found
    }

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
