import FailoverCore

/// What the Prometheus exposition shows, read in one snapshot: `metrics.prom` in the site (built
/// from the render's own snapshot) and `failover metrics` (read here) print the same families.
package struct FleetMetrics: Sendable {
    /// When the numbers were taken; ages and cooldowns are counted to it.
    package var now: Timestamp
    package var config: FleetConfig
    /// Every configured agent, in config order.
    package var statuses: [AgentStatus]
    /// Each type's usage over `service.usage_window` ending at `now`.
    package var typeUsage: [AgentTypeName: UsageTotals]
    /// Events in the ledger by kind; a kind without events may be absent.
    package var eventCounts: [EventKind: Int]

    package init(now: Timestamp, config: FleetConfig, statuses: [AgentStatus], typeUsage: [AgentTypeName: UsageTotals], eventCounts: [EventKind: Int]) {
        self.now = now
        self.config = config
        self.statuses = statuses
        self.typeUsage = typeUsage
        self.eventCounts = eventCounts
    }

    /// Reads everything from one snapshot, so the families agree with each other.
    package static func read(config: FleetConfig, reader: any StoreSnapshot, now: Timestamp) throws -> FleetMetrics {
        let after = config.service.usageWindow.span.map { now - $0 } ?? Timestamp(seconds: 0)
        var usage: [AgentTypeName: UsageTotals] = [:]
        for type in config.agentTypes {
            usage[type.name] = try reader.typeUsage(type.name, after: after, through: now)
        }
        return FleetMetrics(now: now, config: config, statuses: try FleetStatus.load(config: config, reader: reader),
                            typeUsage: usage, eventCounts: try reader.eventCountsByKind())
    }
}
