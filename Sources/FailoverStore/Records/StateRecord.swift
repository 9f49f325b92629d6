import FailoverCore
import GRDB

/// A row of `agent_provider_state`.
struct StateRecord: FetchableRecord {
    var state: AgentState

    /// Read by position: `record` reads every state on every batch.
    static let columns = "agent, tier, paused, cooldown_until, last_failure_kind, last_failure_at, server_error_streak, last_reset_token"

    init(row: Row) {
        state = AgentState(
            agent: row[0],
            tier: row[1],
            paused: row[2],
            cooldownUntil: Timestamp(row[3]),
            lastFailureKind: (row[4] as String?).flatMap(FailureKind.init(rawValue:)),
            lastFailureAt: Timestamp(row[5]),
            serverErrorStreak: row[6],
            lastResetToken: row[7]
        )
    }

    static func upsert(_ state: AgentState, at now: Timestamp, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO agent_provider_state
                (agent, tier, paused, cooldown_until, last_failure_kind, last_failure_at, server_error_streak, last_reset_token, updated_at, env_told)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')
            ON CONFLICT(agent) DO UPDATE SET
                tier = excluded.tier, paused = excluded.paused, cooldown_until = excluded.cooldown_until,
                last_failure_kind = excluded.last_failure_kind, last_failure_at = excluded.last_failure_at,
                server_error_streak = excluded.server_error_streak, last_reset_token = excluded.last_reset_token,
                updated_at = excluded.updated_at
            """)
        try statement.execute(arguments: [
            state.agent, state.tier, state.paused, state.cooldownUntil?.seconds, state.lastFailureKind?.rawValue,
            state.lastFailureAt?.seconds, state.serverErrorStreak, state.lastResetToken, now.seconds,
        ])
    }
}

extension Timestamp {
    /// A nullable INTEGER column.
    init?(_ seconds: Int64?) {
        guard let seconds else { return nil }
        self.init(seconds: seconds)
    }
}
