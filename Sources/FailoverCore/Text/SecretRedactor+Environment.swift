extension SecretRedactor {
    /// For text printed before a config has said which variables hold keys: a YAML error quoting
    /// the file, an argument the parser refused. Every variable whose name says it holds a secret
    /// counts (a custom provider's `GROQ_API_KEY` is as secret as a built-in's), and so do the
    /// built-in providers' key variables, whatever their names. Values under the floor are left
    /// out: nothing says they are keys, and equal-value checks are for providers' keys alone.
    public init(environment: [String: String]) {
        let builtIn = Set(ProviderRegistry.builtIn.providers.values.compactMap(\.apiKeyEnv))
        self.init(secrets: environment.compactMap { name, value in
            (builtIn.contains(name) || Self.namesSecret(name)) && value.utf8.count >= Self.minimumSecretLength ? value : nil
        })
    }

    /// `GROQ_API_KEY`, `GITHUB_TOKEN`, `CLIENT_SECRET`, `PGPASSWORD`: names that say they hold a secret.
    public static func namesSecret(_ variable: String) -> Bool {
        let name = variable.uppercased()
        return name.hasSuffix("_KEY") || name.hasSuffix("_TOKEN") || name.hasSuffix("_SECRET") || name.contains("PASSWORD")
    }

    /// A redactor that removes what either removes and knows either's whole values.
    public func merging(_ other: SecretRedactor) -> SecretRedactor {
        SecretRedactor(secrets: Array(wholeValues.union(other.wholeValues)))
    }
}
