import FailoverCore
import FailoverEngine
import Foundation

/// `agents/<agent>.json`: one agent's state, chain and last 50 events. Nothing in it depends on the
/// moment of the render, so it changes only when the agent does; its usage is in `status.json`'s
/// `usage`.
///
/// Its own keyed artifact, not a twin of the agent page's: its model is only what it shows, so what
/// rebuilds the page alone (the UTC day turning, for the history's new bar; a template) leaves it
/// as published.
struct AgentExport: KeyedArtifact {
    var agent: String
    /// The agent as `status.json` and `failover status --json` write it (the engine's `AgentStatusJSON`).
    var status: JSONValue
    var serverErrorStreak: Int
    var chain: [ChainEntry]
    var activeTier: Int
    /// The agent's newest ledger id: it names the events shown (the latest `AgentPage.eventLimit` up
    /// to it), since the ledger is append-only.
    var lastEventID: Int64

    init(_ snapshot: SiteSnapshot, _ status: AgentStatus) {
        agent = status.agent.rawValue
        self.status = AgentStatusJSON.value(status)
        serverErrorStreak = status.state.serverErrorStreak
        chain = status.type.chain
        activeTier = status.state.tier
        lastEventID = snapshot.lastEventIDs[status.agent] ?? 0
    }

    var paths: [String] { ["agents/\(agent).json"] }

    var ledger: LedgerSlice? { .agent(AgentID(agent), limit: AgentPage.eventLimit) }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        // Compact: a file per agent for programs.
        [json(events: Array(events.prefix(AgentPage.eventLimit)), redactor: kit.redactor).data(pretty: false)]
    }

    func json(events: [LedgerEvent], redactor: SecretRedactorBox) -> JSONValue {
        .object([
            "schema_version": .integer(StatusExport.schemaVersion),
            "agent": status,
            "server_error_streak": .integer(serverErrorStreak),
            "chain": ChainJSON.value(chain, activeTier: activeTier),
            // The same object as `failover events --json` prints, its detail redacted for the site.
            "events": .array(events.map { EventJSON.value($0, detail: redactor.redact($0.detail)) }),
        ])
    }
}
