import FailoverCore

/// One agent's state as JSON: `status.json`'s `agents[]`, `agents/<agent>.json`'s `agent`, and
/// `failover status --json` all write this (specs/exports.md).
public struct AgentStatusJSON: Sendable, Encodable {
    public var name: String
    public var type: String
    public var mode: String
    public var tier: Int
    public var tiers: Int
    public var paused: Bool
    public var dispatchable: Bool
    public var provider: String
    public var model: String
    public var cooldownUntil: Timestamp?
    public var lastFailureKind: String?
    public var lastFailureAt: Timestamp?
    public var lastEventAt: Timestamp?

    public init(_ status: AgentStatus, now: Timestamp) {
        name = status.agent
        type = status.type.name
        mode = status.type.mode.rawValue
        tier = status.state.tier
        tiers = status.type.chain.count
        paused = status.state.paused
        dispatchable = status.state.isDispatchable
        provider = status.active.provider
        model = status.active.model
        cooldownUntil = status.state.cooldownRemaining(at: now) == nil ? nil : status.state.cooldownUntil
        lastFailureKind = status.state.lastFailureKind?.rawValue
        lastFailureAt = status.state.lastFailureAt
        lastEventAt = status.lastEvent?.at
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encode(mode, forKey: .mode)
        try c.encode(tier, forKey: .tier)
        try c.encode(tiers, forKey: .tiers)
        try c.encode(paused, forKey: .paused)
        try c.encode(dispatchable, forKey: .dispatchable)
        try c.encode(provider, forKey: .provider)
        try c.encode(model, forKey: .model)
        try c.encode(cooldownUntil, forKey: .cooldownUntil)
        try c.encode(lastFailureKind, forKey: .lastFailureKind)
        try c.encode(lastFailureAt, forKey: .lastFailureAt)
        try c.encode(lastEventAt, forKey: .lastEventAt)
    }

    enum Keys: String, CodingKey {
        case name, type, mode, tier, tiers, paused, dispatchable, provider, model
        case cooldownUntil = "cooldown_until", lastFailureKind = "last_failure_kind"
        case lastFailureAt = "last_failure_at", lastEventAt = "last_event_at"
    }
}
