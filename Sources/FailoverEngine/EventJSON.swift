import FailoverCore

/// A ledger event as the CLI and the exports write it (specs/exports.md).
public struct EventJSON: Sendable, Encodable {
    public var id: Int64?
    public var agent: String
    public var at: Timestamp
    public var kind: String
    public var fromTier: Int
    public var toTier: Int
    public var failureKind: String?
    public var provider: String?
    public var model: String?
    public var source: String
    public var detail: String
    public var paused: Bool
    public var cooldownUntil: Timestamp?

    public init(_ event: LedgerEvent) {
        id = event.id
        agent = event.agent
        at = event.at
        kind = event.kind.rawValue
        fromTier = event.fromTier
        toTier = event.toTier
        failureKind = event.failureKind?.rawValue
        provider = event.provider
        model = event.model
        source = event.source.rawValue
        detail = event.detail
        paused = event.paused
        cooldownUntil = event.cooldownUntil
    }

    enum CodingKeys: String, CodingKey {
        case id, agent, at, kind
        case fromTier = "from_tier"
        case toTier = "to_tier"
        case failureKind = "failure_kind"
        case provider, model, source, detail, paused
        case cooldownUntil = "cooldown_until"
    }

    /// Nulls are written, not dropped, so every export has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(agent, forKey: .agent)
        try container.encode(at, forKey: .at)
        try container.encode(kind, forKey: .kind)
        try container.encode(fromTier, forKey: .fromTier)
        try container.encode(toTier, forKey: .toTier)
        try container.encode(failureKind, forKey: .failureKind)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(source, forKey: .source)
        try container.encode(detail, forKey: .detail)
        try container.encode(paused, forKey: .paused)
        try container.encode(cooldownUntil, forKey: .cooldownUntil)
    }
}
