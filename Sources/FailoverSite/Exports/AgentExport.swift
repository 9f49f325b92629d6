import FailoverCore
import FailoverEngine
import FailoverStore

/// `agents/<agent>.json`: one agent's state, chain, usage and last 50 events. Nothing in it depends
/// on the moment of the render, so it changes only when the agent does (or its usage, hourly).
enum AgentExport {
    static func value(_ snapshot: SiteSnapshot, _ status: AgentStatus, events: [LedgerEvent], redactor: SecretRedactorBox) -> JSONValue {
        let totals = snapshot.agentUsage[status.agent] ?? UsageTotals()
        return .object([
            "schema_version": .integer(StatusExport.schemaVersion),
            "agent": AgentStatusJSON.value(status),
            "server_error_streak": .integer(status.state.serverErrorStreak),
            "chain": .array(status.type.chain.enumerated().map { index, entry in
                .object(["tier": .integer(index + 1), "provider": .string(entry.provider), "model": .string(entry.model), "active": .bool(index + 1 == status.state.tier)])
            }),
            "usage": .object([
                "window": .string(snapshot.fleet.service.usageWindow.description),
                "through": .time(snapshot.agentUsageThrough),
                "input_tokens": .integer(totals.inputTokens),
                "output_tokens": .integer(totals.outputTokens),
                "tasks": .integer(totals.tasks),
                "failures": .integer(totals.failures),
            ]),
            "events": .array(events.map { EventJSON.value($0, detail: redactor.redact($0.detail)) }),
        ])
    }
}
