/// The contents of `env_dir/<agent>.env`: the active tier's settings in the variables Claude Code reads,
/// in docker `--env-file` format (`NAME=value`, no quoting, `#` comments).
public enum EnvFile {
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The provider's key variable is unset or empty in the dispatcher's environment.
        case missingKey(provider: ProviderName, variable: String)
        /// A value would break the one-line-per-variable format, or smuggle a NUL into it.
        case unsafeValue(variable: String)
        /// The provider's key variable holds bytes that are not UTF-8: written out repaired, the
        /// container would get a different key, and its failures would be blamed on the provider.
        case keyNotUTF8(provider: ProviderName, variable: String)

        public var description: String {
            switch self {
            case .missingKey(let provider, let variable):
                "\(variable) is not set in the dispatcher's environment (needed for provider \(provider)); the env file was left as it was"
            case .keyNotUTF8(let provider, let variable):
                "\(variable) in the dispatcher's environment is not valid UTF-8 (needed for provider \(provider)); a key is plain text, so this one was mangled on its way (its value is not shown): the env file was left as it was"
            case .unsafeValue(let variable):
                "\(variable) holds a control character (a line break, a NUL, ...), which docker --env-file cannot carry; the env file was left as it was"
            }
        }
    }

    /// The file's first line up to the tier: which agent it is for and, on a fleet under several
    /// dispatcher hosts, which host wrote it. The host is part of the content, so a container moved
    /// between hosts is told anew on the host it arrives at, and a host removes only its own files.
    public static func header(agent: AgentID, host: HostName?) -> String {
        "# Written by failover for \(agent)\(host.map { " on \($0)" } ?? ""):"
    }

    /// The file's text, or why it cannot be written. Never a file with an empty token. `notUTF8`
    /// names the variables of the environment whose values are not UTF-8 (left out of `environment`).
    public static func render(
        agent: AgentID, host: HostName? = nil, tier: Int, of tiers: Int, entry: ChainEntry, provider: Provider, environment: [String: String], notUTF8: Set<String> = []
    ) -> Result<String, Problem> {
        let token: String
        if let variable = provider.apiKeyEnv {
            if notUTF8.contains(variable) { return .failure(.keyNotUTF8(provider: provider.name, variable: variable)) }
            guard let value = environment[variable], !value.isEmpty else {
                return .failure(.missingKey(provider: provider.name, variable: variable))
            }
            token = value
        } else {
            token = provider.placeholderToken ?? provider.name.rawValue
        }
        var variables: [(String, String)] = [
            ("ANTHROPIC_BASE_URL", provider.baseURL),
            ("ANTHROPIC_MODEL", entry.model),
        ]
        // Claude Code's background calls ask for a small Anthropic model by default, which other
        // providers do not serve: point them at the tier's model too.
        if provider.credentialVariable == .authToken {
            variables.append(("ANTHROPIC_SMALL_FAST_MODEL", entry.model))
        }
        variables.append((provider.credentialVariable.rawValue, token))
        for (name, value) in variables where value.unicodeScalars.contains(where: TerminalText.isControl) {
            return .failure(.unsafeValue(variable: name == provider.credentialVariable.rawValue ? (provider.apiKeyEnv ?? name) : name))
        }
        var text = header(agent: agent, host: host) + " tier \(tier) of \(tiers), \(provider.name)/\(entry.model).\n"
        text += "# Rewritten when the tier changes: edit failover.yaml, not this file.\n"
        for (name, value) in variables {
            text += "\(name)=\(value)\n"
        }
        return .success(text)
    }
}
