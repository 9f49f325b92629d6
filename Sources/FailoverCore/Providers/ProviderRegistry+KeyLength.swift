extension ProviderRegistry {
    /// A warning for each provider whose key variable holds a value shorter than the redactor's
    /// floor. Such a value cannot be looked for inside text without blanking out ordinary words, so
    /// a provider echoing it would put it in output, the ledger and the site: the operator must
    /// know. The warning names the variable, never the value.
    package func shortKeyWarnings(environment: [String: String]) -> [Diagnostic] {
        let floor = SecretRedactor.minimumSecretLength
        return names.compactMap { name in
            guard let variable = providers[name]?.apiKeyEnv, let value = environment[variable], !value.isEmpty, value.utf8.count < floor else {
                return nil
            }
            return .warning(
                ConfigPath("providers", name, "api_key_env"),
                "\(variable) holds a \(value.utf8.count)-character value; a key shorter than \(floor) characters cannot be redacted reliably, "
                    + "so it may appear in output, the ledger and the site: set the provider's full key"
            )
        }
    }
}
