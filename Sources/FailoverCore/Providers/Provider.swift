/// Which variable carries a provider's credential in a Claude Code environment.
public enum CredentialVariable: String, Sendable, Hashable {
    /// Anthropic's own API.
    case apiKey = "ANTHROPIC_API_KEY"
    /// Anthropic-compatible providers (DeepSeek, OpenRouter, Ollama, proxies).
    case authToken = "ANTHROPIC_AUTH_TOKEN"
}

/// A model provider reachable through an Anthropic-compatible endpoint.
public struct Provider: Sendable, Hashable {
    public var name: ProviderName
    /// What `ANTHROPIC_BASE_URL` is set to.
    public var baseURL: String
    /// The dispatcher's environment variable holding the key; nil for keyless providers (Ollama),
    /// which get their own name as a placeholder token.
    public var apiKeyEnv: String?
    public var credentialVariable: CredentialVariable
    /// How this provider's errors classify, before the generic table (`ClassifierRules+<Provider>.swift`).
    public var classifierRules: [ClassifierRule]

    public init(name: ProviderName, baseURL: String, apiKeyEnv: String?, credentialVariable: CredentialVariable = .authToken, classifierRules: [ClassifierRule] = []) {
        self.name = name
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.credentialVariable = credentialVariable
        self.classifierRules = classifierRules
    }

    /// The token to use when the provider needs no key.
    public var placeholderToken: String? {
        apiKeyEnv == nil ? name.rawValue : nil
    }
}
