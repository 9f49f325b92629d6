import FailoverCore
import PostgresNIO

/// A row read by position, as SQLite's records read theirs.
struct Cells {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = PostgresRandomAccessRow(row) }

    subscript<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) -> T {
        get throws { try row[index].decode(T.self) }
    }

    func timestamp(_ index: Int) throws -> Timestamp? {
        try self[index, as: Int64?.self].map { Timestamp(seconds: $0) }
    }
}

/// A value this version cannot read as what its column should hold; the store names the database.
struct RowProblem: Error, CustomStringConvertible {
    var table: String
    var id: Int64?
    var what: String

    var description: String { "\(table)\(id.map { " row \($0)" } ?? "") holds an unknown \(what)" }
}

/// `agent_provider_state` rows: the same columns and readings as SQLite's `StateRecord`.
enum PostgresStateRecord {
    static let columns = "agent, tier, paused, cooldown_until, last_failure_kind, last_failure_at, server_error_streak, last_reset_token, pause_reason, flap_count, recovered_at, step_retry_after"

    static func state(_ row: PostgresRow) throws -> AgentState {
        let cells = Cells(row)
        let agent = AgentID(try cells[0, as: String.self])
        var failureKind: FailureKind?
        if let failureText = try cells[4, as: String?.self] {
            guard let known = FailureKind(rawValue: failureText) else { throw RowProblem(table: "agent_provider_state", id: nil, what: "failure kind \(Echo.quote(failureText)) for \(Echo.quote(agent))") }
            failureKind = known
        }
        var pauseReason: PauseReason?
        if try cells[2, as: Int64.self] != 0 {
            let reasonText = try cells[8, as: String?.self]
            guard let known = PauseReason(rawValue: reasonText ?? PauseReason.operator.rawValue) else {
                throw RowProblem(table: "agent_provider_state", id: nil, what: "pause reason \(Echo.quote(reasonText ?? "")) for \(Echo.quote(agent))")
            }
            pauseReason = known
        }
        return AgentState(
            agent: agent, tier: try cells[1, as: Int.self], pauseReason: pauseReason, cooldownUntil: try cells.timestamp(3),
            lastFailureKind: failureKind, lastFailureAt: try cells.timestamp(5), serverErrorStreak: try cells[6, as: Int.self],
            lastResetToken: try cells[7, as: String?.self], flapCount: try cells[9, as: Int.self], recoveredAt: try cells.timestamp(10),
            stepRetryAfter: try cells[11, as: Int?.self].map { TimeSpan(seconds: $0) }
        )
    }

    static func upsert(_ state: AgentState, at now: Timestamp) -> PostgresQuery {
        """
        INSERT INTO agent_provider_state
            (agent, tier, paused, pause_reason, cooldown_until, last_failure_kind, last_failure_at, server_error_streak, last_reset_token, updated_at,
             flap_count, recovered_at, step_retry_after, env_told)
        VALUES (\(state.agent.rawValue), \(state.tier), \(state.paused ? 1 : 0), \(state.pauseReason?.rawValue), \(state.cooldownUntil?.seconds),
                \(state.lastFailureKind?.rawValue), \(state.lastFailureAt?.seconds), \(state.serverErrorStreak), \(state.lastResetToken), \(now.seconds),
                \(state.flapCount), \(state.recoveredAt?.seconds), \(state.stepRetryAfter.map { Int64($0.seconds) }), '')
        ON CONFLICT (agent) DO UPDATE SET
            tier = excluded.tier, paused = excluded.paused, pause_reason = excluded.pause_reason, cooldown_until = excluded.cooldown_until,
            last_failure_kind = excluded.last_failure_kind, last_failure_at = excluded.last_failure_at,
            server_error_streak = excluded.server_error_streak, last_reset_token = excluded.last_reset_token,
            updated_at = excluded.updated_at, flap_count = excluded.flap_count, recovered_at = excluded.recovered_at,
            step_retry_after = excluded.step_retry_after
        """
    }
}

/// `agent_provider_events` rows: only ever inserted (triggers refuse the rest).
enum PostgresEventRecord {
    static let columns = "id, agent, at, kind, from_tier, to_tier, failure_kind, provider, model, source, detail, paused, cooldown_until, server_error_streak, reset_token, agent_type, flap_count, retry_after"

    /// Throws rather than guess, as SQLite's `EventRecord` does.
    static func event(_ row: PostgresRow) throws -> LedgerEvent {
        let cells = Cells(row)
        let id = try cells[0, as: Int64.self]
        let kindText = try cells[3, as: String.self]
        let sourceText = try cells[9, as: String.self]
        guard let kind = EventKind(rawValue: kindText) else { throw RowProblem(table: "agent_provider_events", id: id, what: "event kind \(Echo.quote(kindText))") }
        guard let source = EventSource(rawValue: sourceText) else { throw RowProblem(table: "agent_provider_events", id: id, what: "source \(Echo.quote(sourceText))") }
        var failureKind: FailureKind?
        if let failureText = try cells[6, as: String?.self] {
            guard let known = FailureKind(rawValue: failureText) else { throw RowProblem(table: "agent_provider_events", id: id, what: "failure kind \(Echo.quote(failureText))") }
            failureKind = known
        }
        let agent = AgentID(try cells[1, as: String.self])
        let at = Timestamp(seconds: try cells[2, as: Int64.self])
        let fromTier: Int = try cells[4], toTier: Int = try cells[5]
        let provider: String? = try cells[7], model: String? = try cells[8]
        let detail: String = try cells[10]
        let paused: Int64 = try cells[11]
        let cooldownUntil = try cells.timestamp(12)
        let serverErrorStreak: Int = try cells[13]
        let resetToken: String? = try cells[14], agentType: String? = try cells[15]
        let flapCount: Int = try cells[16], retryAfter: Int? = try cells[17]
        return LedgerEvent(
            id: id, agent: agent, at: at, kind: kind, fromTier: fromTier, toTier: toTier, failureKind: failureKind,
            provider: provider.map { ProviderName($0) }, model: model, source: source, detail: detail, paused: paused != 0,
            cooldownUntil: cooldownUntil, serverErrorStreak: serverErrorStreak, resetToken: resetToken, agentType: agentType.map { AgentTypeName($0) },
            flapCount: flapCount, retryAfter: retryAfter.map { TimeSpan(seconds: $0) }
        )
    }

    static func insert(_ event: LedgerEvent) -> PostgresQuery {
        """
        INSERT INTO agent_provider_events
            (agent, at, kind, from_tier, to_tier, failure_kind, provider, model, source, detail, paused, cooldown_until, server_error_streak, reset_token, agent_type,
             flap_count, retry_after)
        VALUES (\(event.agent.rawValue), \(event.at.seconds), \(event.kind.rawValue), \(event.fromTier), \(event.toTier), \(event.failureKind?.rawValue),
                \(event.provider?.rawValue), \(event.model), \(event.source.rawValue), \(event.detail), \(event.paused ? 1 : 0), \(event.cooldownUntil?.seconds),
                \(event.serverErrorStreak), \(event.resetToken), \(event.agentType?.rawValue), \(event.flapCount), \(event.retryAfter.map { Int64($0.seconds) }))
        RETURNING id
        """
    }
}

/// `task_usage` rows; the hourly rollups follow by trigger (`PostgresSchema`).
enum PostgresUsageRecord {
    static func insert(_ entry: UsageEntry) -> PostgresQuery {
        let details = entry.details
        return """
        INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens,
                                status, error_type, message, retry_after, stated_tier)
        VALUES (\(entry.agent.rawValue), \(entry.agentType.rawValue), \(entry.at.seconds), \(entry.tier), \(entry.provider.rawValue), \(entry.model),
                \(entry.outcome.rawValue), \(entry.inputTokens), \(entry.outputTokens),
                \(details?.status), \(details?.errorType), \(details?.message), \(details?.retryAfter.map { Int64($0.seconds) }), \(details?.statedTier))
        """
    }

    /// The columns `entry` reads, in order; the row's id last. The same as SQLite's `UsageEntry.columns`.
    static let columns = "agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens, status, error_type, message, retry_after, stated_tier, id"

    /// A row selected with `columns`, and its id. Rows from before `v10-outcome-details` have no details.
    static func entry(_ row: PostgresRow) throws -> (entry: UsageEntry, id: Int64) {
        let cells = Cells(row)
        let id = try cells[14, as: Int64.self]
        let outcomeText = try cells[6, as: String.self]
        guard let outcome = OutcomeKind(rawValue: outcomeText) else { throw RowProblem(table: "task_usage", id: id, what: "outcome \(Echo.quote(outcomeText))") }
        let status: Int? = try cells[9], errorType: String? = try cells[10], message: String? = try cells[11]
        let retryAfter: Int? = try cells[12], statedTier: Int? = try cells[13]
        let kept = status != nil || errorType != nil || message != nil || retryAfter != nil || statedTier != nil
        let entry = UsageEntry(
            agent: AgentID(try cells[0, as: String.self]), agentType: AgentTypeName(try cells[1, as: String.self]),
            at: Timestamp(seconds: try cells[2, as: Int64.self]), tier: try cells[3], provider: ProviderName(try cells[4, as: String.self]),
            model: try cells[5], outcome: outcome, inputTokens: try cells[7], outputTokens: try cells[8],
            details: kept ? OutcomeDetails(status: status, errorType: errorType, message: message, retryAfter: retryAfter.map { TimeSpan(seconds: $0) },
                                           statedTier: statedTier) : nil
        )
        return (entry, id)
    }
}

extension UsageTotals {
    /// Four BIGINT sums, already saturated by the query (`PostgresUsageQueries.sum`).
    init(cells: Cells, offset: Int = 0) throws {
        self.init(
            inputTokens: try cells[offset, as: Int.self], outputTokens: try cells[offset + 1, as: Int.self],
            tasks: try cells[offset + 2, as: Int.self], failures: try cells[offset + 3, as: Int.self]
        )
    }
}
