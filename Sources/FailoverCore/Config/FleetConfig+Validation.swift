/// A config as it takes effect, and what checking it found.
public struct ValidatedConfig: Sendable {
    public var config: FleetConfig
    public var diagnostics: [Diagnostic]
}

/// The semantic rules of a config. Shape and type errors (unknown keys, bad durations, wrong YAML types)
/// are the loader's job; everything here works on a config that parsed.
extension FleetConfig {
    /// Checks every rule and returns all problems, plus the config as it takes effect
    /// (a `token_budget` trigger on a one-entry chain is dropped).
    public func validated() -> ValidatedConfig {
        var effective = self
        var diagnostics: [Diagnostic] = []
        if agentTypes.isEmpty {
            diagnostics.append(.error(ConfigPath("agent_types"), "must define at least one agent type"))
        }
        var owner: [AgentID: AgentTypeName] = [:]
        // Names come from the file, in any number: suggestions share one bounded budget.
        var suggestions = DidYouMean.Budget()
        let known = KnownProviders(providers)
        for (index, type) in agentTypes.enumerated() {
            diagnostics += type.problems(providers: providers, known: known, owner: &owner, suggestions: &suggestions)
            if type.chain.count == 1, type.failover.triggers.contains(.tokenBudget) {
                effective.agentTypes[index].failover.triggers.remove(.tokenBudget)
                diagnostics.append(.warning(
                    ConfigPath("agent_types", type.name, "failover", "triggers"),
                    "token_budget is dropped: a one-entry chain has no tier to step down to (usage_threshold_tokens is still tracked and shown)"
                ))
            }
        }
        diagnostics += hostProblems(suggestions: &suggestions)
        // Converted once: every unknown entry is compared with the same list.
        let instances = owner.keys.sorted().map(\.rawValue)
        for agent in control.keys.sorted() where owner[agent] == nil {
            diagnostics.append(.warning(
                ConfigPath("control", agent),
                "no agent type lists this instance, so the entry does nothing\(DidYouMean.hint(for: agent.rawValue, among: instances, budget: &suggestions))"
            ))
        }
        return ValidatedConfig(config: effective, diagnostics: diagnostics)
    }
}

extension AgentType {
    /// The config path of a chain entry's field, in whichever form the type was written.
    public func path(ofTier index: Int, field: String) -> ConfigPath {
        isLegacy ? ConfigPath("agent_types", name, field) : ConfigPath("agent_types", name, "provider_chain").index(index).key(field)
    }

    var chainPath: ConfigPath {
        isLegacy ? ConfigPath("agent_types", name, "provider") : ConfigPath("agent_types", name, "provider_chain")
    }

    /// `owner` maps instance names already seen to their type, to catch duplicates across types.
    func problems(
        providers: ProviderRegistry, known: KnownProviders, owner: inout [AgentID: AgentTypeName], suggestions: inout DidYouMean.Budget
    ) -> [Diagnostic] {
        let base = ConfigPath("agent_types", name)
        var found: [Diagnostic] = []
        if let problem = AgentName.problem(with: name) {
            found.append(.error(base, "type name \(problem)"))
        }
        if instances.isEmpty {
            found.append(.warning(base.key("instances"), "lists no instances, so this type runs nothing"))
        }
        for (index, instance) in instances.enumerated() {
            let path = base.key("instances").index(index)
            if let problem = AgentName.problem(with: instance) {
                found.append(.error(path, problem))
            } else if let other = owner[instance] {
                let place = other == name ? "listed twice in this type" : "already an instance of type \(other)"
                found.append(.error(path, "\(Echo.quote(instance)) is \(place); instance names are unique across the fleet"))
            } else {
                owner[instance] = name
            }
        }
        if !(1...3).contains(chain.count) {
            found.append(.error(chainPath, "must have 1 to 3 entries, found \(chain.count)"))
        }
        var tierOfProvider: [ProviderName: Int] = [:]
        for (index, entry) in chain.enumerated() {
            let providerPath = path(ofTier: index, field: "provider")
            if entry.provider.rawValue.isEmpty {
                found.append(.error(providerPath, "must not be empty"))
            } else if providers[entry.provider] == nil {
                found.append(.error(
                    providerPath,
                    "unknown provider \(Echo.quote(entry.provider))\(DidYouMean.hint(for: entry.provider.rawValue, among: known.names, budget: &suggestions)); known: \(known.text); define others under providers:"
                ))
            } else if let tier = tierOfProvider[entry.provider] {
                found.append(.error(providerPath, "\(Echo.quote(entry.provider)) is already tier \(tier); a chain names each provider once"))
            } else {
                tierOfProvider[entry.provider] = index + 1
            }
            if entry.model.allSatisfy(\.isWhitespace) {
                found.append(.error(path(ofTier: index, field: "model"), "must not be empty"))
            }
        }
        if let threshold = usageThresholdTokens, threshold <= 0 {
            found.append(.error(base.key("usage_threshold_tokens"), "must be a positive integer, got \(threshold)"))
        }
        if !(1...FailoverPolicy.maximumServerErrorAfter).contains(failover.serverErrorAfter) {
            found.append(.error(base.key("failover").key("server_error_after"), "must be 1 to \(FailoverPolicy.maximumServerErrorAfter), got \(failover.serverErrorAfter)"))
        }
        if !(1...FailoverPolicy.maximumBackoff).contains(failover.backoff) {
            found.append(.error(base.key("failover").key("backoff"), "must be 1 to \(StepCooldown.number(FailoverPolicy.maximumBackoff)), got \(StepCooldown.number(failover.backoff)): each consecutive flap multiplies the cooldown by it, and 1 turns damping off"))
        }
        if let maxCooldown = failover.maxCooldown, maxCooldown < failover.cooldown {
            found.append(.error(base.key("failover").key("max_cooldown"), "\(maxCooldown) is shorter than cooldown (\(failover.cooldown)); max_cooldown caps how far a provider's retry_after can stretch the cooldown, so it must be at least cooldown"))
        }
        if let outageAfter = failover.outageAfter {
            let outagePath = base.key("failover").key("outage_after")
            if outageAfter > FailoverPolicy.maximumOutageAfter {
                found.append(.error(outagePath, "\(outageAfter) is over the limit of \(FailoverPolicy.maximumOutageAfter); set it to a number of this type's instances"))
            } else if outageAfter < FailoverPolicy.minimumOutageAfter {
                found.append(.error(outagePath, "must be at least \(FailoverPolicy.minimumOutageAfter), got \(outageAfter): one failing instance is not an outage; remove the key to let every instance fail on its own"))
            } else if chain.count <= 1 {
                found.append(.warning(outagePath, "a chain of one never moves, so the outage step never runs; add a fallback tier or remove the key"))
            } else if outageAfter > instances.count {
                found.append(.warning(outagePath, "\(outageAfter) is more than the type's \(instances.count) instance(s), so the outage step never runs"))
            }
        }
        if mode == .host, let first = chain.first, first.provider != "anthropic" {
            found.append(.warning(
                base.key("mode"),
                "host instances run on the host's Anthropic login, but tier 1 is \(first.provider); use mode: container or put anthropic first"
            ))
        }
        // A host agent gets no env file, so no tier but Anthropic's own can reach it: a fallback to
        // another provider would be recorded as taken while the agent went on as before.
        if mode == .host {
            for (index, entry) in chain.enumerated().dropFirst() where entry.provider != "anthropic" {
                found.append(.warning(
                    path(ofTier: index, field: "provider"),
                    "host instances run on the host's Anthropic login, which cannot be switched to \(entry.provider): tier \(index + 1) would never reach them; use mode: container or drop this tier"
                ))
            }
        }
        return found
    }
}

/// The providers' names, sorted once, and as many of them as a message lists: a file may define
/// thousands, and every unknown provider's message would otherwise carry them all.
struct KnownProviders {
    static let listed = 12

    var names: [String]
    var text: String

    init(_ providers: ProviderRegistry) {
        names = providers.names.map(\.rawValue)
        text = names.prefix(Self.listed).joined(separator: ", ") + (names.count > Self.listed ? " and \(names.count - Self.listed) more" : "")
    }
}
