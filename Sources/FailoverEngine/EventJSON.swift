import FailoverCore

/// A ledger event as the CLI and the exports write it (specs/exports.md).
package enum EventJSON {
    package static func value(_ event: LedgerEvent, detail: String? = nil) -> JSONValue {
        .object([
            "id": .optional(event.id),
            "agent": .string(event.agent),
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
}
