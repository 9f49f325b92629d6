/// Removes secrets from text that goes into the ledger, logs and the site: provider error messages
/// sometimes echo part of a request, and a key must never be stored or shown.
public struct SecretRedactor: Sendable {
    /// Values known to be secret (the providers' keys from the environment).
    public var secrets: [String]

    public static let replacement = "[redacted]"

    /// Keys shorter than this are not matched verbatim: they would blank out ordinary words.
    static let minimumSecretLength = 8

    public init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= Self.minimumSecretLength }.sorted { $0.count > $1.count }
    }

    /// The keys of every provider in the registry, read from `environment`.
    public init(providers: ProviderRegistry, environment: [String: String]) {
        self.init(secrets: providers.providers.values.compactMap { $0.apiKeyEnv.flatMap { environment[$0] } })
    }

    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.replacement)
        }
        return Self.redactKeyShapes(result)
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
