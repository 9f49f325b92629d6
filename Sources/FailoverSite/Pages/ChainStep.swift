import FailoverCore
import FailoverEngine

/// One tier of a provider chain as pages list it: the agent page marks the active one, the config
/// page lists a type's chain.
struct ChainStep {
    var tier: Int
    var entry: ChainEntry
    var active: Bool

    static func steps(_ chain: [ChainEntry], activeTier: Int? = nil) -> [ChainStep] {
        chain.enumerated().map { index, entry in ChainStep(tier: index + 1, entry: entry, active: index + 1 == activeTier) }
    }

    var context: [String: Any] {
        ["tier": tier, "provider": entry.provider, "model": entry.model, "active": active]
    }
}
