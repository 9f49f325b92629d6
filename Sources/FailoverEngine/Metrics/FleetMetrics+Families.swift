import FailoverCore

extension FleetMetrics {
    /// Which moment the exposition's own timestamp family names.
    package enum Moment: Sendable {
        /// `metrics.prom`: when the render that wrote it ran. Alert when it falls behind.
        case render
        /// `failover metrics`: when the command read the store.
        case generated

        var family: String {
            switch self {
            case .render: "failover_last_render_timestamp_seconds"
            case .generated: "failover_metrics_generated_timestamp_seconds"
            }
        }

        var help: String {
            switch self {
            case .render: "Unix time of the render that wrote this file."
            case .generated: "Unix time at which failover metrics read the store."
            }
        }
    }

    /// The exposition text; see specs/exports.md for every family.
    package func prometheusText(_ moment: Moment) -> String {
        PrometheusText.render(families(moment))
    }

    package func families(_ moment: Moment) -> [PrometheusText.Family] {
        typealias Sample = PrometheusText.Sample
        func agentLabels(_ status: AgentStatus) -> [(String, String)] {
            [("agent", status.agent.rawValue), ("type", status.type.name.rawValue)]
        }
        let window = config.service.usageWindow.description
        return [
            .init("failover_agent_tier", .gauge, help: "Active tier of the agent's provider chain, 1-based; provider and model are the active tier's.",
                  statuses.map { status in
                      Sample(agentLabels(status) + [("provider", status.active.provider.rawValue), ("model", status.active.model)], Int64(status.state.tier))
                  }),
            .init("failover_agent_chain_tiers", .gauge, help: "Length of the agent's provider chain.",
                  statuses.map { Sample(agentLabels($0), Int64($0.type.chain.count)) }),
            .init("failover_agent_paused", .gauge, help: "1 when the agent is paused (reason operator or exhausted), 0 with reason \"\" when not.",
                  statuses.map { Sample(agentLabels($0) + [("reason", $0.state.pauseReason?.rawValue ?? "")], $0.state.paused ? 1 : 0) }),
            .init("failover_agent_cooldown_seconds", .gauge, help: "Seconds until a success may bring the agent back to tier 1; 0 when not cooling down.",
                  statuses.map { Sample(agentLabels($0), $0.state.cooldownRemaining(at: now) ?? 0) }),
            .init("failover_agent_last_failure_timestamp_seconds", .gauge, help: "Unix time of the failure that last moved the agent; absent when none has.",
                  statuses.compactMap { status in status.state.lastFailureAt.map { Sample(agentLabels(status), $0.seconds) } }),
            .init("failover_agent_last_failure_age_seconds", .gauge, help: "Seconds from the failure that last moved the agent to when these metrics were taken; absent when none has.",
                  statuses.compactMap { status in status.state.lastFailureAt.map { Sample(agentLabels(status), max(0, now.seconds(since: $0))) } }),
            .init("failover_agent_last_failure_info", .gauge, help: "1, labelled with the kind of the failure that last moved the agent; absent when none has.",
                  statuses.compactMap { status in status.state.lastFailureKind.map { Sample(agentLabels(status) + [("kind", $0.rawValue)], 1) } }),
            .init("failover_type_usage_tokens", .gauge, help: "Input plus output tokens of the type's instances over the usage window (window \"all\": ever).",
                  config.agentTypes.map { Sample([("type", $0.name.rawValue), ("window", window)], Int64(typeUsage[$0.name]?.tokens ?? 0)) }),
            .init("failover_type_usage_threshold_tokens", .gauge, help: "The type's usage_threshold_tokens over the usage window; absent for a type without one.",
                  config.agentTypes.compactMap { type in type.usageThresholdTokens.map { Sample([("type", type.name.rawValue), ("window", window)], Int64($0)) } }),
            .init("failover_ledger_events_total", .counter, help: "Events appended to the ledger, by kind.",
                  EventKind.allCases.map { Sample([("kind", $0.rawValue)], Int64(eventCounts[$0] ?? 0)) }),
            .init(moment.family, .gauge, help: moment.help, [Sample([], now.seconds)]),
        ]
    }
}
