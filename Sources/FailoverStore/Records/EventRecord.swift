import FailoverCore
import GRDB

/// A row of `agent_provider_events`. Rows are only ever inserted (SQLite triggers refuse the rest).
struct EventRecord: FetchableRecord {
    var event: LedgerEvent

    init(row: Row) {
        event = LedgerEvent(
            id: row["id"],
            agent: row["agent"],
            at: Timestamp(seconds: row["at"]),
            kind: EventKind(rawValue: row["kind"]) ?? .created,
            fromTier: row["from_tier"],
            toTier: row["to_tier"],
            failureKind: (row["failure_kind"] as String?).flatMap(FailureKind.init(rawValue:)),
            provider: row["provider"],
            model: row["model"],
            source: EventSource(rawValue: row["source"]) ?? .config,
            detail: row["detail"],
            paused: row["paused"],
            cooldownUntil: Timestamp(row["cooldown_until"]),
            serverErrorStreak: row["server_error_streak"],
            resetToken: row["reset_token"]
        )
    }

    /// Appends an event and returns its id.
    @discardableResult
    static func insert(_ event: LedgerEvent, in db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO agent_provider_events
                (agent, at, kind, from_tier, to_tier, failure_kind, provider, model, source, detail, paused, cooldown_until, server_error_streak, reset_token)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            event.agent, event.at.seconds, event.kind.rawValue, event.fromTier, event.toTier, event.failureKind?.rawValue,
            event.provider, event.model, event.source.rawValue, event.detail, event.paused, event.cooldownUntil?.seconds,
            event.serverErrorStreak, event.resetToken,
        ])
        return db.lastInsertedRowID
    }
}
