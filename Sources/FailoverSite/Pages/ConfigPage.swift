import FailoverCore
import FailoverEngine

/// `config.html`: chains, policies, providers and current warnings. Names of key variables only:
/// never a key, never an environment value.
enum ConfigPage {
    static func context(_ snapshot: SiteSnapshot) -> [String: Any] {
        let fleet = snapshot.fleet
        let service = fleet.service
        let types = fleet.agentTypes.map(typeContext)
        let usedProviders = Set(fleet.agentTypes.flatMap { $0.chain.map(\.provider) })
        let providers = fleet.providers.names.filter(usedProviders.contains).compactMap { fleet.providers[$0] }.map { provider -> [String: Any] in
            [
                "name": provider.name, "baseURL": provider.baseURL,
                "keyVariable": provider.apiKeyEnv ?? "none (keyless)",
                "credential": provider.credentialVariable.rawValue,
            ]
        }
        let control = fleet.control.keys.sorted().map { agent -> [String: Any] in
            let entry = fleet.control[agent]!
            var parts: [String] = []
            if let paused = entry.paused { parts.append("paused: \(paused)") }
            if let reset = entry.reset { parts.append("reset: \(reset)") }
            return ["agent": agent, "entry": parts.joined(separator: ", ")]
        }
        let content: [String: Any] = [
            "service": [
                ["key": "usage_window", "value": service.usageWindow.description],
                ["key": "stale_after", "value": service.staleAfter.description],
                ["key": "site_title", "value": service.siteTitle],
                ["key": "base_url", "value": service.baseURL ?? "not set"],
            ],
            "types": types,
            "providers": providers,
            "control": control,
            "hasControl": !control.isEmpty,
            "warnings": snapshot.config.warnings.map { ["text": $0.formatted(file: fileName(snapshot.config.file))] },
            "hasWarnings": !snapshot.config.warnings.isEmpty,
        ]
        return snapshot.page(PageChrome(depth: 0, title: "Config", section: .config, live: true), content)
    }
}

private func typeContext(_ type: AgentType) -> [String: Any] {
    let chain: [[String: Any]] = type.chain.enumerated().map { index, entry in
        ["glyph": TierGlyph.glyph(tier: index + 1, paused: false), "provider": entry.provider, "model": entry.model]
    }
    var context: [String: Any] = ["name": type.name, "mode": type.mode.rawValue, "legacy": type.isLegacy]
    context["instances"] = type.instances.joined(separator: ", ")
    context["chain"] = chain
    context["cooldown"] = type.failover.cooldown.description
    context["onExhausted"] = type.failover.onExhausted.rawValue
    context["triggers"] = type.failover.orderedTriggers.map(\.rawValue).joined(separator: ", ")
    context["serverErrorAfter"] = type.failover.serverErrorAfter
    context["budget"] = type.usageThresholdTokens.map { Format.number($0) + " tokens" } ?? "none"
    return context
}

/// The config file's name without its folder: the site should not reveal server paths.
private func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
