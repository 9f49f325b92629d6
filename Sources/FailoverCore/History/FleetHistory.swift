/// Histories of every type and provider of a fleet from the store's `StandingRollup`, for the live
/// pages (an agent's own history is `TierHistory.of` its timeline, read when its page is rebuilt).
///
/// A provider's history is over the instances whose chain starts with it: the share of their time
/// they ran on it. A chain never names a provider twice, so for them "on the provider" is "on tier 1";
/// an instance that reaches the provider only as a fallback is not counted, since its time there is
/// the failover working, not the provider failing. Paused time is left out too: an operator's pause
/// says nothing about the provider, and an exhausted chain paused on its last tier, whose provider
/// failed last; the share is of the time those instances were running.
public struct FleetHistory: Sendable, Hashable {
    public var end: Timestamp
    public var types: [AgentTypeName: TierHistory]
    public var providers: [ProviderName: TierHistory]

    public init(rollup: StandingRollup, config: FleetConfig, end: Timestamp) {
        self.end = end
        var types: [AgentTypeName: TierHistory] = [:]
        var providers: [ProviderName: TierHistory] = [:]
        for type in config.agentTypes {
            let sum = rollup.history(of: type.name, end: end)
            types[type.name] = sum
            if let provider = type.chain.first?.provider {
                providers[provider] = TierHistory.sum([providers[provider] ?? .empty(end: end), sum.running], end: end)
            }
        }
        self.types = types
        self.providers = providers
    }
}

extension TierHistory {
    /// The same history without its paused time: every share over the time the instances ran.
    public var running: TierHistory {
        func unpaused(_ seconds: TierSeconds) -> TierSeconds { TierSeconds(tier1: seconds.tier1, lower: seconds.lower) }
        return TierHistory(end: end, days: days.map(unpaused), spans: spans.map(unpaused))
    }
}
