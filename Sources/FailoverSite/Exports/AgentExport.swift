import FailoverCore
import FailoverEngine
import FailoverStore

/// `agents/<agent>.json`: one agent's state, chain, usage and last 50 events.
struct AgentExport: Encodable {
    struct Tier: Encodable {
        var tier: Int
        var provider: String
        var model: String
        var active: Bool
    }

    struct Usage: Encodable {
        var window: String
        var inputTokens: Int
        var outputTokens: Int
        var tasks: Int
        var failures: Int

        enum CodingKeys: String, CodingKey {
            case window, tasks, failures, inputTokens = "input_tokens", outputTokens = "output_tokens"
        }
    }

    var schemaVersion = StatusExport.schemaVersion
    var generatedAt: Timestamp
    var agent: AgentStatusJSON
    var serverErrorStreak: Int
    var chain: [Tier]
    var usage: Usage
    var events: [EventJSON]

    enum CodingKeys: String, CodingKey {
        case agent, chain, usage, events
        case schemaVersion = "schema_version", generatedAt = "generated_at", serverErrorStreak = "server_error_streak"
    }

    init(_ snapshot: SiteSnapshot, _ status: AgentStatus, redactor: SecretRedactorBox) {
        generatedAt = snapshot.now
        agent = AgentStatusJSON(status, now: snapshot.now)
        serverErrorStreak = status.state.serverErrorStreak
        chain = status.type.chain.enumerated().map { Tier(tier: $0.offset + 1, provider: $0.element.provider, model: $0.element.model, active: $0.offset + 1 == status.state.tier) }
        let totals = snapshot.agentUsage[status.agent] ?? UsageTotals()
        usage = Usage(window: snapshot.fleet.service.usageWindow.description, inputTokens: totals.inputTokens, outputTokens: totals.outputTokens,
                      tasks: totals.tasks, failures: totals.failures)
        events = (snapshot.agentEvents[status.agent] ?? []).map { event in
            var json = EventJSON(event)
            json.detail = redactor.redact(json.detail)
            return json
        }
    }
}
