import ConfigLoader
import FailoverCore
import FailoverEngine

/// What every render reads, in one read transaction, so all pages agree. Per-agent histories are not
/// in it: they are read only for the agents whose pages must be rebuilt (`events(_:from:)`).
///
/// With `SiteRenderer`, the only part of the site that sees the store's types.
struct SiteSnapshot: Sendable {
    var now: Timestamp
    var config: LoadedConfig
    var statuses: [AgentStatus]
    /// Each agent's newest ledger id: an agent page is rebuilt exactly when this or its state changes.
    var lastEventIDs: [AgentID: Int64]
    /// Newest first.
    var recentEvents: [LedgerEvent]
    /// Exact, over the usage window ending now: for the budget page and `status.json`.
    var typeUsage: [AgentTypeName: UsageTotals]
    /// Exact, over the usage window ending now: for the budget page and `status.json`.
    var agentUsage: [AgentID: UsageTotals]
    /// Newest first.
    var days: [EventDay]
    /// The last day's failovers and recoveries, newest first: the providers page and the banner.
    var switchEvents: [LedgerEvent]
    /// Each type's and provider's history ending now, from the store's rollup: for the live pages.
    var history: FleetHistory
    /// Each type's tokens per UTC hour over the hours the usage window touches (30 days at most):
    /// the budget page's chart.
    var hourlyTokens: [AgentTypeName: [Int64: Int]]
    /// Ledger events by kind, from the store's counters: `metrics.prom`'s counters.
    var eventCounts: [EventKind: Int]
    /// The newest event this snapshot saw: pages read their events up to it, on any connection.
    var lastEventID: Int64 { days.first?.lastID ?? 0 }

    static let recentLimit = 100

    /// What `metrics.prom` shows: the same model `failover metrics` reads for itself.
    var metrics: FleetMetrics {
        FleetMetrics(now: now, config: fleet, statuses: statuses, typeUsage: typeUsage, eventCounts: eventCounts)
    }

    var fleet: FleetConfig { config.config }

    static func read(_ reader: any StoreSnapshot, config: LoadedConfig, now: Timestamp) throws -> SiteSnapshot {
        let window = config.config.service.usageWindow.span
        var typeUsage: [AgentTypeName: UsageTotals] = [:]
        for type in config.config.agentTypes {
            typeUsage[type.name] = try reader.typeUsage(type.name, after: window.map { now - $0 } ?? Timestamp(seconds: 0), through: now)
        }
        let agentUsage = try reader.agentUsage(after: window.map { now - $0 } ?? Timestamp(seconds: 0), through: now)
        let chartStart = UsageChartHTML.start(window: window, now: now)
        var hourlyTokens: [AgentTypeName: [Int64: Int]] = [:]
        for type in config.config.agentTypes {
            hourlyTokens[type.name] = try reader.hourlyTypeTokens(type.name, from: chartStart, through: now)
        }
        let rollup = try reader.standingRollup(since: StandingRollup.since(end: now))
        return SiteSnapshot(
            now: now, config: config,
            statuses: FleetStatus.markingHolds(try FleetStatus.load(config: config.config, reader: reader), window: config.config.service.usageWindow) {
                typeUsage[$0]?.tokens ?? 0
            },
            lastEventIDs: try reader.lastEventIDs(), recentEvents: try reader.events(limit: recentLimit),
            typeUsage: typeUsage, agentUsage: agentUsage,
            days: try reader.eventDays(),
            // Bounded on both sides, so SQLite reads the day through the time index: with `since`
            // alone it walks the whole ledger backwards by id (a million rows in the bench).
            switchEvents: try reader.events(since: now - ProviderActivity.day, until: now + TimeSpan(seconds: 1), kinds: ProviderActivity.kinds),
            history: FleetHistory(rollup: rollup, config: config.config, end: now), hourlyTokens: hourlyTokens,
            eventCounts: try reader.eventCountsByKind()
        )
    }

    /// An agent's newest `limit` events, its events since `since` and the last one before it, newest
    /// first without repeats: what its page shows and its history is computed from. Read as ranges of
    /// the (agent, id) index: back from the newest to the last event before `since` (about a month of
    /// the agent's rows), then forward from it, never the agent's whole year.
    static func agentHistory(_ agent: AgentID, limit: Int, since: Timestamp, from readers: any LedgerReaders, through lastID: Int64) throws -> [LedgerEvent] {
        let before = try readers.events(EventQuery(agent: agent, until: since, limit: 1, throughID: lastID))
        let window = try readers.events(EventQuery(agent: agent, throughID: lastID, afterID: before.first?.id ?? Int64.min))
        guard window.count + before.count < limit, let oldest = (before.first ?? window.last)?.id else { return window + before }
        // A quiet agent: fewer than `limit` events in the month, so the older ones make up the rest.
        let older = try readers.events(EventQuery(agent: agent, limit: limit - window.count - before.count, throughID: min(lastID, oldest - 1)))
        return window + before + older
    }

    /// The events an artifact names, newest first, as this snapshot saw them: read on the rendering
    /// thread through `LedgerReaders`, bounded by `lastEventID`.
    static func events(_ slice: LedgerSlice, from readers: any LedgerReaders, through lastID: Int64) throws -> [LedgerEvent] {
        switch slice {
        case .agent(let agent, let limit): try readers.events(EventQuery(agent: agent, limit: limit, throughID: lastID))
        case .agentHistory(let agent, let limit, let since):
            try agentHistory(agent, limit: limit, since: since, from: readers, through: lastID)
        case .day(let start): try readers.events(EventQuery(since: start, until: start + .days(1), throughID: lastID))
        }
    }
}
