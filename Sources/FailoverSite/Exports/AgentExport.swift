import FailoverCore
import FailoverEngine

/// `agents/<agent>.json`: one agent's state, chain, usage and last 50 events, from its page's model.
/// Nothing in it depends on the moment of the render, so it changes only when the agent does (or
/// its usage, hourly).
enum AgentExport {
    static func json(_ page: AgentPage, events: [LedgerEvent], redactor: SecretRedactorBox) -> JSONValue {
        let usage = page.usage
        return .object([
            "schema_version": .integer(StatusExport.schemaVersion),
            "agent": page.status,
            "server_error_streak": .integer(page.serverErrorStreak),
            "chain": ChainJSON.value(page.chain, activeTier: page.summary.tier),
            "usage": .object([
                "window": .string(usage.window),
                "through": .time(usage.through),
                "input_tokens": .integer(usage.inputTokens),
                "output_tokens": .integer(usage.outputTokens),
                "tasks": .integer(usage.tasks),
                "failures": .integer(usage.failures),
            ]),
            // The same object as `failover events --json` prints, its detail redacted for the site.
            "events": .array(events.map { EventJSON.value($0, detail: redactor.redact($0.detail)) }),
        ])
    }
}
