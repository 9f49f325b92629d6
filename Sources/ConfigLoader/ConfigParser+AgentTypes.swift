import FailoverCore
import Yams

extension ConfigParser {
    static let agentTypeKeys = ["mode", "instances", "provider_chain", "failover", "usage_threshold_tokens", "provider", "model", "hosts"]
    static let chainEntryKeys = ["provider", "model"]
    static let failoverKeys = ["cooldown", "on_exhausted", "triggers", "server_error_after", "max_cooldown", "outage_after", "backoff"]

    mutating func agentTypes(_ node: Node) -> [AgentType] {
        guard let entries = reader.mapping(node, ConfigPath("agent_types"), expected: "a mapping of type names to their settings") else { return [] }
        return entries.compactMap { agentType(name: $0.key, $0.value) }
    }

    private mutating func agentType(name: String, _ node: Node) -> AgentType? {
        let base = ConfigPath("agent_types", name)
        guard let entries = reader.mapping(node, base, allowed: Self.agentTypeKeys) else { return nil }
        var type = AgentType(name: AgentTypeName(name), instances: [], chain: [])
        var legacyProvider: (String, Node)?
        var legacyModel: (String, Node)?
        var chainNode: Node?
        for (key, keyNode, value) in entries {
            let path = base.key(key)
            switch key {
            case "mode": type.mode = reader.choice(value, path, AgentMode.self) ?? type.mode
            case "instances": type.instances = instances(value, path)
            case "hosts": type.hosts = hosts(value, path)
            case "provider_chain":
                chainNode = keyNode
                type.chain = chain(value, path)
            case "failover": type.failover = policy(value, path)
            case "usage_threshold_tokens":
                type.usageThresholdTokens = reader.integer(value, path, rule: "must be a positive integer (tokens over usage_window)", limit: .max)
            case "provider": legacyProvider = reader.string(value, path).map { ($0, keyNode) }
            case "model": legacyModel = reader.string(value, path).map { ($0, keyNode) }
            default: break
            }
        }
        let hasLegacy = legacyProvider != nil || legacyModel != nil
        if hasLegacy, let chainNode {
            reader.error(base, "has both provider_chain and the legacy provider/model; keep provider_chain and move the legacy entry into it", at: chainNode)
        } else if hasLegacy {
            type.isLegacy = true
            if legacyProvider == nil {
                reader.error(base.key("provider"), "is required with the legacy model key (or use provider_chain)", at: legacyModel?.1)
            }
            if legacyModel == nil {
                reader.error(base.key("model"), "is required with the legacy provider key (or use provider_chain)", at: legacyProvider?.1)
            }
            type.chain = [ChainEntry(provider: ProviderName(legacyProvider?.0 ?? ""), model: legacyModel?.0 ?? "")]
        } else if chainNode == nil {
            reader.error(base.key("provider_chain"), "is required: list 1 to 3 { provider, model } entries, tier 1 first", at: node)
        }
        return type
    }

    private mutating func instances(_ node: Node, _ path: ConfigPath) -> [AgentID] {
        guard let items = reader.sequence(node, path) else { return [] }
        return items.enumerated().compactMap { index, item in reader.string(item, path.index(index)).map { AgentID($0) } }
    }

    /// `hosts: { dispatch-a: [coder-1, coder-2], dispatch-b: [coder-3] }`. Which names are valid and
    /// whether every instance is placed are semantic rules (`FleetConfig+Validation`).
    private mutating func hosts(_ node: Node, _ path: ConfigPath) -> [HostPlacement] {
        guard let entries = reader.mapping(node, path, expected: "a mapping of dispatcher host names to the instances each runs, like { dispatch-a: [coder-1, coder-2] }") else { return [] }
        if entries.isEmpty {
            reader.error(path, "names no host; list each host with the instances it runs, or drop hosts: for a fleet under one dispatcher", at: node)
        }
        // A host with nothing after it (`dispatch-b:`) runs nothing yet: an empty list.
        return entries.map { HostPlacement(host: HostName($0.key), instances: instances($0.value, path.key($0.key))) }
    }

    private mutating func chain(_ node: Node, _ path: ConfigPath) -> [ChainEntry] {
        guard let items = reader.sequence(node, path) else { return [] }
        return items.enumerated().compactMap { index, item in
            let entryPath = path.index(index)
            guard let fields = reader.mapping(item, entryPath, allowed: Self.chainEntryKeys, expected: "a mapping like { provider: anthropic, model: claude-sonnet-4-5 }") else { return nil }
            var entry = ChainEntry(provider: "", model: "")
            var seen: Set<String> = []
            for (key, _, value) in fields {
                seen.insert(key)
                let text = reader.string(value, entryPath.key(key)) ?? ""
                if key == "provider" { entry.provider = ProviderName(text) } else { entry.model = text }
            }
            for key in Self.chainEntryKeys where !seen.contains(key) {
                reader.error(entryPath.key(key), "is required", at: item)
            }
            return entry
        }
    }

    private mutating func policy(_ node: Node, _ path: ConfigPath) -> FailoverPolicy {
        var policy = FailoverPolicy()
        guard let entries = reader.mapping(node, path, allowed: Self.failoverKeys) else { return policy }
        for (key, _, value) in entries {
            let fieldPath = path.key(key)
            switch key {
            case "cooldown": policy.cooldown = reader.timeSpan(value, fieldPath, maximum: FailoverPolicy.maximumCooldown) ?? policy.cooldown
            case "max_cooldown": policy.maxCooldown = reader.timeSpan(value, fieldPath, maximum: FailoverPolicy.maximumCooldown) ?? policy.maxCooldown
            case "on_exhausted": policy.onExhausted = reader.choice(value, fieldPath, ExhaustedAction.self) ?? policy.onExhausted
            case "server_error_after":
                policy.serverErrorAfter = reader.integer(value, fieldPath, rule: "must be a whole number of consecutive 5xx, 1 to \(FailoverPolicy.maximumServerErrorAfter)", limit: FailoverPolicy.maximumServerErrorAfter) ?? policy.serverErrorAfter
            case "triggers": policy.triggers = triggers(value, fieldPath)
            case "outage_after":
                policy.outageAfter = reader.integer(value, fieldPath, rule: "must be a whole number of instances, at least \(FailoverPolicy.minimumOutageAfter)", limit: FailoverPolicy.maximumOutageAfter)
            case "backoff": policy.backoff = backoff(value, fieldPath) ?? policy.backoff
            default: break
            }
        }
        return policy
    }

    /// A plain decimal number (`2`, `1.5`): no exponent, sign, infinity or NaN, which YAML and
    /// `Double` would both accept and no operator means. Its range is a semantic rule
    /// (`FleetConfig+Validation`).
    private mutating func backoff(_ node: Node, _ path: ConfigPath) -> Double? {
        guard let text = reader.string(node, path) else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let plain = text.utf8.count <= 32 && !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard plain, let value = Double(text), value.isFinite else {
            // A number written otherwise (1e2, +2, 2_0) is still a number: say what form is wanted.
            let number = Double(text.replacingOccurrences(of: "_", with: "")).flatMap { $0.isFinite ? $0 : nil }
            let rule = switch number {
            case let number? where number < 1 || number > FailoverPolicy.maximumBackoff:
                "must be 1 to \(Int(FailoverPolicy.maximumBackoff)) (what each consecutive flap multiplies the cooldown by; 1 turns damping off)"
            case .some: "write it as plain digits with an optional decimal point (e.g. 2 or 1.5), without sign, exponent or underscores"
            case nil: "must be a number of at least 1 (what each consecutive flap multiplies the cooldown by; 1 turns damping off)"
            }
            reader.error(path, "\(rule), got \(text.isEmpty ? "nothing" : Echo.quote(text))", at: node)
            return nil
        }
        return value
    }

    private mutating func triggers(_ node: Node, _ path: ConfigPath) -> Set<FailureKind> {
        guard let items = reader.sequence(node, path) else { return FailoverPolicy.defaultTriggers }
        let names = FailureKind.triggerable.map(\.rawValue)
        var triggers: Set<FailureKind> = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let text = reader.string(item, itemPath) else { continue }
            guard let kind = FailureKind(rawValue: text), kind != .other else {
                let why = text == "other" ? "\"other\" never moves a tier, so it cannot be a trigger" : "\(Echo.quote(text)) is not a trigger\(DidYouMean.hint(for: text, among: names, budget: &reader.suggestions))"
                reader.error(itemPath, "\(why); triggers are \(names.joined(separator: ", "))", at: item)
                continue
            }
            if !triggers.insert(kind).inserted {
                reader.error(itemPath, "\(Echo.quote(text)) is listed twice", at: item)
            }
        }
        return triggers
    }
}
