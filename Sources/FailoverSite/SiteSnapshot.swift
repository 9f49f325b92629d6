import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore

/// Everything one render reads, taken in one read transaction, so every page agrees.
struct SiteSnapshot {
    var now: Timestamp
    var config: LoadedConfig
    var statuses: [AgentStatus]
    /// Newest first.
    var recentEvents: [LedgerEvent]
    /// Newest first, per agent.
    var agentEvents: [String: [LedgerEvent]]
    var agentUsage: [String: UsageTotals]
    var typeUsage: [String: UsageTotals]
    /// Newest first.
    var days: [(day: String, count: Int, lastID: Int64)]
    var lastEventID: Int64?

    static let recentLimit = 100
    static let agentEventLimit = 50

    var fleet: FleetConfig { config.config }

    /// Usage counts over `(after, now]`: the usage window, or all time for `all`.
    var usageSince: Timestamp {
        fleet.service.usageWindow.span.map { now - $0 } ?? Timestamp(seconds: 0)
    }

    static func read(_ reader: StoreReader, config: LoadedConfig, now: Timestamp) throws -> SiteSnapshot {
        let statuses = try FleetStatus.load(config: config.config, reader: reader)
        var agentEvents: [String: [LedgerEvent]] = [:]
        for status in statuses {
            agentEvents[status.agent] = try reader.events(agent: status.agent, limit: agentEventLimit)
        }
        let since = config.config.service.usageWindow.span.map { now - $0 } ?? Timestamp(seconds: 0)
        var typeUsage: [String: UsageTotals] = [:]
        for type in config.config.agentTypes {
            typeUsage[type.name] = try reader.typeUsage(type.name, after: since, through: now)
        }
        let recent = try reader.events(limit: recentLimit)
        return SiteSnapshot(
            now: now, config: config, statuses: statuses, recentEvents: recent, agentEvents: agentEvents,
            agentUsage: try reader.agentUsage(after: since, through: now), typeUsage: typeUsage,
            days: try reader.eventDays(), lastEventID: recent.first?.id
        )
    }
}
