import FailoverCore
import GRDB

/// A row of `agent_provider_events`. Rows are only ever inserted (SQLite triggers refuse the rest).
struct EventRecord: FetchableRecord {
    var event: LedgerEvent

    /// Columns in table order, read by position: at a million rows, looking columns up by name shows.
    static let columns = "id, agent, at, kind, from_tier, to_tier, failure_kind, provider, model, source, detail, paused, cooldown_until, server_error_streak, reset_token"

    init(row: Row) {
        event = LedgerEvent(
            id: row[0],
            agent: row[1],
            at: Timestamp(seconds: row[2]),
            kind: EventKind(rawValue: row[3]) ?? .created,
            fromTier: row[4],
            toTier: row[5],
            failureKind: (row[6] as String?).flatMap(FailureKind.init(rawValue:)),
            provider: row[7],
            model: row[8],
            source: EventSource(rawValue: row[9]) ?? .config,
            detail: row[10],
            paused: row[11],
            cooldownUntil: Timestamp(row[12]),
            serverErrorStreak: row[13],
            resetToken: row[14]
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
