import FailoverCore
import GRDB

/// A row of `agent_provider_state`.
struct StateRecord: FetchableRecord {
    var state: AgentState

    /// Read by position: `record` reads every state on every batch.
    static let columns = "agent, tier, paused, cooldown_until, last_failure_kind, last_failure_at, server_error_streak, last_reset_token, pause_reason, flap_count, recovered_at, step_retry_after"

    init(row: Row) throws {
        let agent: AgentID = try row.decode(atIndex: 0)
        let failureText: String? = try row.decode(atIndex: 4)
        var failureKind: FailureKind?
        if let failureText {
            guard let known = FailureKind(rawValue: failureText) else { throw RowProblem(table: "agent_provider_state", id: nil, what: "failure kind \(Echo.quote(failureText)) for \(Echo.quote(agent))") }
            failureKind = known
        }
        let paused: Bool = try row.decode(atIndex: 2)
        let reasonText: String? = try row.decode(atIndex: 8)
        var pauseReason: PauseReason?
        if paused {
            guard let known = PauseReason(rawValue: reasonText ?? PauseReason.operator.rawValue) else {
                throw RowProblem(table: "agent_provider_state", id: nil, what: "pause reason \(Echo.quote(reasonText ?? "")) for \(Echo.quote(agent))")
            }
            pauseReason = known
        }
        state = AgentState(
            agent: agent,
            tier: try row.decode(atIndex: 1),
            pauseReason: pauseReason,
            cooldownUntil: Timestamp(try row.decode(Int64?.self, atIndex: 3)),
            lastFailureKind: failureKind,
            lastFailureAt: Timestamp(try row.decode(Int64?.self, atIndex: 5)),
            serverErrorStreak: try row.decode(atIndex: 6),
            lastResetToken: try row.decode(atIndex: 7),
            flapCount: try row.decode(atIndex: 9),
            recoveredAt: Timestamp(try row.decode(Int64?.self, atIndex: 10)),
            stepRetryAfter: try row.decode(Int?.self, atIndex: 11).map { TimeSpan(seconds: $0) }
        )
    }

    static func upsert(_ state: AgentState, at now: Timestamp, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO agent_provider_state
                (agent, tier, paused, pause_reason, cooldown_until, last_failure_kind, last_failure_at, server_error_streak, last_reset_token, updated_at,
                 flap_count, recovered_at, step_retry_after, env_told)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')
            ON CONFLICT(agent) DO UPDATE SET
                tier = excluded.tier, paused = excluded.paused, pause_reason = excluded.pause_reason, cooldown_until = excluded.cooldown_until,
                last_failure_kind = excluded.last_failure_kind, last_failure_at = excluded.last_failure_at,
                server_error_streak = excluded.server_error_streak, last_reset_token = excluded.last_reset_token,
                updated_at = excluded.updated_at, flap_count = excluded.flap_count, recovered_at = excluded.recovered_at,
                step_retry_after = excluded.step_retry_after
            """)
        try statement.execute(arguments: [
            state.agent, state.tier, state.paused, state.pauseReason?.rawValue, state.cooldownUntil?.seconds, state.lastFailureKind?.rawValue,
            state.lastFailureAt?.seconds, state.serverErrorStreak, state.lastResetToken, now.seconds,
            state.flapCount, state.recoveredAt?.seconds, state.stepRetryAfter?.seconds,
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
