/// The providers a config may name: the built-ins, extended or overridden by `providers:`.
public struct ProviderRegistry: Sendable, Hashable {
    public private(set) var providers: [ProviderName: Provider]

    public init(_ providers: [Provider]) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Ollama's default assumes Docker's host alias, since env files are for containers;
    /// on Linux run containers with `--add-host=host.docker.internal:host-gateway` or override `base_url`.
    /// The one list of built-in providers: settings and error rules together.
    public static let builtIn = ProviderRegistry([
        Provider(name: "anthropic", baseURL: "https://api.anthropic.com", apiKeyEnv: "ANTHROPIC_API_KEY", credentialVariable: .apiKey,
                 classifierRules: ClassifierRules.anthropic),
        Provider(name: "deepseek", baseURL: "https://api.deepseek.com/anthropic", apiKeyEnv: "DEEPSEEK_API_KEY", classifierRules: ClassifierRules.deepseek),
        Provider(name: "openrouter", baseURL: "https://openrouter.ai/api", apiKeyEnv: "OPENROUTER_API_KEY", classifierRules: ClassifierRules.openrouter),
        Provider(name: "ollama", baseURL: "http://host.docker.internal:11434", apiKeyEnv: nil, classifierRules: ClassifierRules.ollama),
    ])

    public subscript(name: ProviderName) -> Provider? { providers[name] }

    public var names: [ProviderName] { providers.keys.sorted() }

    /// Adds a provider, or changes the given fields of an existing one (a built-in keeps its error rules).
    public mutating func merge(name: ProviderName, baseURL: String?, apiKeyEnv: String?) {
        if var existing = providers[name] {
            if let baseURL { existing.baseURL = baseURL }
            if let apiKeyEnv { existing.apiKeyEnv = apiKeyEnv }
            providers[name] = existing
        } else if let baseURL {
            providers[name] = Provider(name: name, baseURL: baseURL, apiKeyEnv: apiKeyEnv)
        }
    }
}
