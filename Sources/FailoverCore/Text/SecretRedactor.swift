/// Removes secrets from text before it is stored, logged, printed or rendered: provider error
/// messages sometimes echo part of a request, and operators sometimes paste a key into the wrong
/// field. A key must never leave the env files.
///
/// Two kinds of secret are removed, each in its plain form and behind the encodings
/// `EncodedForms` undoes: the values of the providers' key variables, when this process has them
/// (before a config names them, the variables whose names say so: `init(environment:)`), and
/// anything shaped like a key or credential (`KeyShapes`), which needs no environment at all.
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
    let brokenNeedles: [[UInt8]]

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
}
