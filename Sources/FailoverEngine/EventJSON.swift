import FailoverCore

/// A ledger event as the CLI and the exports write it (specs/exports.md).
package enum EventJSON {
    package static func value(_ event: LedgerEvent, detail: String? = nil) -> JSONValue {
        .object([
            "id": .optional(event.id),
            "agent": .name(event.agent),
            "at": .time(event.at),
            "kind": .string(event.kind.rawValue),
            "from_tier": .integer(event.fromTier),
            "to_tier": .integer(event.toTier),
            "failure_kind": .optional(event.failureKind?.rawValue),
            "provider": .optional(event.provider),
            "model": .optional(event.model),
            "source": .string(event.source.rawValue),
            "detail": .string(detail ?? event.detail),
            "paused": .bool(event.paused),
            "cooldown_until": .time(event.cooldownUntil),
        ])
    }

    /// What a ledger event says happened, without its state fields: the JSON Feed's `_failover` object.
    package static let ledgerFields: Set<String> = ["agent", "kind", "from_tier", "to_tier", "failure_kind", "source"]

    /// The event with only `fields`.
    package static func value(_ event: LedgerEvent, fields: Set<String>) -> JSONValue {
        guard case .object(let all) = value(event) else { return .null }
        return .object(all.filter { fields.contains($0.key) })
    }
}
