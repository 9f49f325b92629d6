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

    /// Keys shorter than this are not matched verbatim: they would blank out ordinary words.
    static let minimumSecretLength = 8

    private let needles: [[UInt8]]

    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.utf8.count >= Self.minimumSecretLength })).sorted { $0.utf8.count > $1.utf8.count }
        needles = self.secrets.map { Array($0.utf8) }
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

    /// Whether `redact` would change `text`.
    public func holdsSecret(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { !secretRanges(in: $0).isEmpty }
    }

    /// At most `limit` characters of `text` with its secrets removed, ending with `…` when cut.
    /// Text far longer than the limit is first cut to a bound (so a megabyte of message costs
    /// little). Every cut also drops the run of key-like characters it went through, so no piece
    /// of a key is left that is too short for the shapes to recognise.
    public func redactedPrefix(_ text: String, limit: Int) -> String {
        let bound = max(limit * 16, 8192)
        let wasLong = text.utf8.count > bound
        let redacted = redact(wasLong ? Self.droppingTrailingRun(Self.prefix(text, maximumBytes: bound)) : text)
        guard wasLong || redacted.count > limit else { return redacted }
        return Self.droppingTrailingRun(String(redacted.prefix(limit))) + "…"
    }

    /// Merged byte ranges of every secret in `bytes`, by value and by shape, plain and encoded.
    private func secretRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges = KeyShapes.ranges(in: bytes)
        for needle in needles { ranges += Self.occurrences(of: needle, in: bytes) }
        if EncodedForms.mayHoldEncoding(bytes) {
            let decoded = EncodedForms(decoding: bytes)
            decoded.bytes.withUnsafeBufferPointer { view in
                var found = KeyShapes.ranges(in: view)
                for needle in needles { found += Self.occurrences(of: needle, in: view) }
                for range in found where !range.isEmpty {
                    ranges.append(decoded.origins[range.lowerBound].lowerBound ..< decoded.origins[range.upperBound - 1].upperBound)
                }
            }
        }
        return Self.merged(ranges)
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

    /// At most `maximumBytes` of UTF-8 from the start of `text`, ending at a character boundary.
    public static func prefix(_ text: String, maximumBytes: Int) -> String {
        let utf8 = Substring(text).utf8
        guard utf8.count > maximumBytes else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: maximumBytes)
        while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) { end = utf8.index(before: end) }
        return String(Substring(utf8[..<end]))
    }

    /// `text` without the run of key, token and escape characters at its end: what a cut leaves of
    /// a key is exactly such a run.
    static func droppingTrailingRun(_ text: String) -> String {
        let utf8 = Substring(text).utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let previous = utf8.index(before: end)
            let byte = utf8[previous]
            guard KeyShapes.isTokenCharacter(byte) || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "&")
                || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ";")
            else { break }
            end = previous
        }
        return String(Substring(utf8[..<end]))
    }
}
