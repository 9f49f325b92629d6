/// Rules for every string a config hands on to an env file, a log line, the terminal, the ledger or
/// a page: no control characters (a NUL or a line break would corrupt an env file or forge a log
/// line; an escape sequence would drive a terminal), nothing that is a key (keys live only in the
/// environment), and a length that fits where it goes.
extension FleetConfig {
    /// Longest model name, reset value or title: real ones are far shorter.
    package static let maximumTextLength = 200
    /// Longest URL or path.
    package static let maximumLocationLength = 2048

    /// One problem per offending value. `secrets` recognises the keys this process can see (a value
    /// that is one is refused whatever its length); shapes are recognised without them.
    package func textProblems(secrets: SecretRedactor) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func check(_ text: String, _ path: ConfigPath, limit: Int = FleetConfig.maximumTextLength) {
            if let control = TerminalText.firstControl(in: text) {
                found.append(.error(path, "must not contain control characters (found \(control)); they would corrupt env files and logs"))
            } else if secrets.holdsSecret(text) || secrets.isKnownSecret(text) {
                found.append(.error(path, "holds what looks like an API key (not shown); keys never go in this file: put the key in the environment variable named by the provider's api_key_env"))
            } else if text.unicodeScalars.count > limit {
                found.append(.error(path, "is \(text.unicodeScalars.count) characters long; at most \(limit)"))
            }
        }
        check(service.database, ConfigPath("service", "database"), limit: Self.maximumLocationLength)
        check(service.envDir, ConfigPath("service", "env_dir"), limit: Self.maximumLocationLength)
        check(service.siteDir, ConfigPath("service", "site_dir"), limit: Self.maximumLocationLength)
        check(service.siteTitle, ConfigPath("service", "site_title"))
        if let baseURL = service.baseURL { check(baseURL, ConfigPath("service", "base_url"), limit: Self.maximumLocationLength) }
        for name in providers.names {
            guard let provider = providers[name] else { continue }
            check(name.rawValue, ConfigPath("providers", name))
            check(provider.baseURL, ConfigPath("providers", name, "base_url"), limit: Self.maximumLocationLength)
            if let variable = provider.apiKeyEnv { check(variable, ConfigPath("providers", name, "api_key_env")) }
        }
        for type in agentTypes {
            check(type.name.rawValue, ConfigPath("agent_types", type.name))
            for (index, instance) in type.instances.enumerated() {
                check(instance.rawValue, ConfigPath("agent_types", type.name, "instances").index(index))
            }
            for placement in type.hosts {
                check(placement.host.rawValue, ConfigPath("agent_types", type.name, "hosts", placement.host))
            }
            for (index, entry) in type.chain.enumerated() {
                check(entry.provider.rawValue, type.path(ofTier: index, field: "provider"))
                check(entry.model, type.path(ofTier: index, field: "model"))
            }
        }
        for agent in control.keys.sorted() {
            check(agent.rawValue, ConfigPath("control", agent))
            if let reset = control[agent]?.reset { check(reset, ConfigPath("control", agent, "reset")) }
        }
        return found
    }
}
