/// Removes secrets from text that goes into the ledger, logs and the site: provider error messages
/// sometimes echo part of a request, and a key must never be stored or shown.
public struct SecretRedactor: Sendable {
    /// Values known to be secret (the providers' keys from the environment).
    public var secrets: [String]

    public static let replacement = "[redacted]"

    /// Keys shorter than this are not matched verbatim: they would blank out ordinary words.
    static let minimumSecretLength = 8

    /// The secrets, and the key prefix, as bytes: checked against every event detail a render writes.
    private let needles: [[UInt8]]

    public init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= Self.minimumSecretLength }.sorted { $0.count > $1.count }
        needles = [Array("sk-".utf8)] + self.secrets.map { Array($0.utf8) }
    }

    /// The keys of every provider in the registry, read from `environment`.
    public init(providers: ProviderRegistry, environment: [String: String]) {
        self.init(secrets: providers.providers.values.compactMap { $0.apiKeyEnv.flatMap { environment[$0] } })
    }

    public func redact(_ text: String) -> String {
        // Most text holds no secret: a byte scan decides that before any String work.
        guard needles.contains(where: { Self.contains(text, $0) }) else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.replacement)
        }
        return Self.redactKeyShapes(result)
    }

    /// Substring search over the string's own UTF-8 storage, without copying it.
    static func contains(_ text: String, _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        func search(_ haystack: UnsafeBufferPointer<UInt8>) -> Bool {
            guard pattern.count <= haystack.count else { return false }
            var index = 0
            let last = haystack.count - pattern.count
            while index <= last {
                if haystack[index] == first {
                    var matched = 1
                    while matched < pattern.count, haystack[index + matched] == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(search) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(search)
    }

    /// Anything shaped like an API key (`sk-...`, `sk-ant-...`, `sk-or-...`) of 16+ key characters.
    static func redactKeyShapes(_ text: String) -> String {
        guard text.contains("sk-") else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "sk-") {
            output += rest[..<range.lowerBound]
            let tail = rest[range.upperBound...]
            let keyCharacters = tail.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            if keyCharacters.count >= 16 {
                output += "sk-" + replacement
                rest = tail.dropFirst(keyCharacters.count)
            } else {
                output += "sk-"
                rest = tail
            }
        }
        return output + rest
    }
}
