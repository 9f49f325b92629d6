import FailoverCore
import Yams

extension ConfigParser {
    static let providerKeys = ["base_url", "api_key_env"]

    mutating func providers(_ node: Node) -> ProviderRegistry {
        var registry = ProviderRegistry.builtIn
        guard let entries = reader.mapping(node, ConfigPath("providers")) else { return registry }
        for (name, keyNode, value) in entries {
            let path = ConfigPath("providers", name)
            if let problem = AgentName.problem(with: name) {
                reader.error(path, "provider name \(problem)", at: keyNode)
                continue
            }
            guard let fields = reader.mapping(value, path, allowed: Self.providerKeys, expected: "a mapping like { base_url: https://..., api_key_env: NAME }") else { continue }
            var baseURL: String?
            var apiKeyEnv: String?
            for (key, _, field) in fields {
                let fieldPath = path.key(key)
                guard let text = nonEmptyString(field, fieldPath) else { continue }
                switch key {
                case "base_url":
                    if Self.httpURL(text) != nil {
                        baseURL = text
                    } else {
                        reader.error(fieldPath, "must be an absolute http:// or https:// URL, got \(Echo.quote(text))", at: field)
                    }
                case "api_key_env":
                    if Self.looksLikeKey(text) {
                        reader.error(fieldPath, "looks like a key rather than the name of the variable holding it (not shown); put the key in the dispatcher's environment and name the variable here, e.g. DEEPSEEK_API_KEY", at: field)
                    } else if Self.isEnvironmentName(text) {
                        apiKeyEnv = text
                    } else {
                        reader.error(fieldPath, "must name an environment variable (letters, digits, _; not starting with a digit; at most 64), got \(Echo.quote(text)); the key itself never goes in this file", at: field)
                    }
                default: break
                }
            }
            if registry[ProviderName(name)] == nil, baseURL == nil, !fields.contains(where: { $0.key == "base_url" }) {
                reader.error(path.key("base_url"), "is required for a provider that is not built in (built in: \(ProviderRegistry.builtIn.names.map(\.rawValue).joined(separator: ", ")))", at: value)
            }
            registry.merge(name: ProviderName(name), baseURL: baseURL, apiKeyEnv: apiKeyEnv)
        }
        return registry
    }

    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first), text.utf8.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    /// Variable names are words joined by `_`; keys are long runs of mixed letters and digits. A
    /// value that is a key must be refused without being echoed.
    static func looksLikeKey(_ text: String) -> Bool {
        if KeyShapes.contains(text) { return true }
        let longestWord = text.split(separator: "_").map(\.count).max() ?? 0
        let hasDigit = text.contains(where: \.isNumber)
        let hasLower = text.contains(where: \.isLowercase)
        let hasUpper = text.contains(where: \.isUppercase)
        return longestWord >= 20 && hasDigit && (hasLower || !hasUpper || text.count >= 32)
    }
}
