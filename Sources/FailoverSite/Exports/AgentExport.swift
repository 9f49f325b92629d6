import FailoverCore
import FailoverEngine

/// `agents/<agent>.json`: one agent's state, chain and last 50 events, from its page's model. Nothing
/// in it depends on the moment of the render, so it changes only when the agent does; its usage is in
/// `status.json`'s `usage`.
enum AgentExport {
    static func json(_ page: AgentPage, events: [LedgerEvent], redactor: SecretRedactorBox) -> JSONValue {
        .object([
            "schema_version": .integer(StatusExport.schemaVersion),
            "agent": page.status,
            "server_error_streak": .integer(page.serverErrorStreak),
            "chain": ChainJSON.value(page.chain, activeTier: page.summary.tier),
            // The same object as `failover events --json` prints, its detail redacted for the site.
            "events": .array(events.map { EventJSON.value($0, detail: redactor.redact($0.detail)) }),
        ])
    }
}
