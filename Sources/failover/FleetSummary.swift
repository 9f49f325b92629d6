import FailoverCore

/// A few lines describing a fleet, for `validate` on a terminal.
enum FleetSummary {
    static func lines(_ fleet: FleetConfig) -> [String] {
        fleet.agentTypes.map { type in
            let chain = type.chain.map { "\($0.provider)/\($0.model)" }.joined(separator: " -> ")
            var line = "  \(type.name) (\(type.mode.rawValue)): \(type.instances.map(\.rawValue).joined(separator: ", "))\n    chain: \(chain)"
            for placement in type.hosts {
                line += "\n    on \(placement.host): \(placement.instances.isEmpty ? "none" : placement.instances.map(\.rawValue).joined(separator: ", "))"
            }
            line += "\n    failover: cooldown \(type.failover.cooldown), on_exhausted \(type.failover.onExhausted.rawValue), triggers \(type.failover.orderedTriggers.map(\.rawValue).joined(separator: ", "))"
            if let threshold = type.usageThresholdTokens {
                line += "\n    budget: \(threshold) tokens per \(fleet.service.usageWindow)"
            }
            return line
        }
    }
}
