import FailoverCore

/// A ledger event as the CLI and the exports write it (specs/exports.md).
package enum EventJSON {
    package static func value(_ event: LedgerEvent, detail: String? = nil) -> JSONValue {
        // In key order, as written: a render builds thousands, and `JSONObject` then has nothing to sort.
        .object([
            "agent": .name(event.agent),
            "at": .time(event.at),
            "cooldown_until": .time(event.cooldownUntil),
            "detail": .string(detail ?? event.detail),
            "failure_kind": .optional(event.failureKind?.rawValue),
            "flap_count": .integer(event.flapCount),
            "from_tier": .integer(event.fromTier),
            "id": .optional(event.id),
            "kind": .string(event.kind.rawValue),
            "model": .optional(event.model),
            "paused": .bool(event.paused),
            "provider": .optional(event.provider),
            "retry_after": .optional(event.retryAfter?.seconds),
            "source": .string(event.source.rawValue),
            "to_tier": .integer(event.toTier),
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
