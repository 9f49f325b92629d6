import FailoverCore
import GRDB

/// A row of `agent_provider_events`. Rows are only ever inserted (SQLite triggers refuse the rest).
struct EventRecord: FetchableRecord {
    var event: LedgerEvent

    /// Columns in table order, read by position: at a million rows, looking columns up by name shows.
    static let columns = "id, agent, at, kind, from_tier, to_tier, failure_kind, provider, model, source, detail, paused, cooldown_until, server_error_streak, reset_token, agent_type, flap_count, retry_after"

    /// Throws rather than guess: an unknown kind or source (a newer failover's, or a damaged row)
    /// must not replay as something else.
    init(row: Row) throws {
        let id: Int64 = try row.decode(atIndex: 0)
        let kindText: String = try row.decode(atIndex: 3)
        let sourceText: String = try row.decode(atIndex: 9)
        let failureText: String? = try row.decode(atIndex: 6)
        guard let kind = EventKind(rawValue: kindText) else { throw RowProblem(table: "agent_provider_events", id: id, what: "event kind \(Echo.quote(kindText))") }
        guard let source = EventSource(rawValue: sourceText) else { throw RowProblem(table: "agent_provider_events", id: id, what: "source \(Echo.quote(sourceText))") }
        var failureKind: FailureKind?
        if let failureText {
            guard let known = FailureKind(rawValue: failureText) else { throw RowProblem(table: "agent_provider_events", id: id, what: "failure kind \(Echo.quote(failureText))") }
            failureKind = known
        }
        event = LedgerEvent(
            id: id,
            agent: try row.decode(atIndex: 1),
            at: Timestamp(seconds: try row.decode(atIndex: 2)),
            kind: kind,
            fromTier: try row.decode(atIndex: 4),
            toTier: try row.decode(atIndex: 5),
            failureKind: failureKind,
            provider: try row.decode(atIndex: 7),
            model: try row.decode(atIndex: 8),
            source: source,
            detail: try row.decode(atIndex: 10),
            paused: try row.decode(atIndex: 11),
            cooldownUntil: Timestamp(try row.decode(Int64?.self, atIndex: 12)),
            serverErrorStreak: try row.decode(atIndex: 13),
            resetToken: try row.decode(atIndex: 14),
            agentType: try row.decode(atIndex: 15),
            flapCount: try row.decode(atIndex: 16),
            retryAfter: try row.decode(Int?.self, atIndex: 17).map { TimeSpan(seconds: $0) }
        )
    }

    /// Appends an event and returns its id.
    @discardableResult
    static func insert(_ event: LedgerEvent, in db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO agent_provider_events
                (agent, at, kind, from_tier, to_tier, failure_kind, provider, model, source, detail, paused, cooldown_until, server_error_streak, reset_token, agent_type,
                 flap_count, retry_after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            event.agent, event.at.seconds, event.kind.rawValue, event.fromTier, event.toTier, event.failureKind?.rawValue,
            event.provider, event.model, event.source.rawValue, event.detail, event.paused, event.cooldownUntil?.seconds,
            event.serverErrorStreak, event.resetToken, event.agentType, event.flapCount, event.retryAfter?.seconds,
        ])
        return db.lastInsertedRowID
    }
}
