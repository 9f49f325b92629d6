import FailoverCore
import FailoverEngine

/// What each provider named in a chain has been doing: the agents on it now, and the agents that
/// failed away from it over the last hour and day. "Failed away from P" is a step down, an exhausted
/// pause or a wrap whose from-tier is P in the agent's chain as configured now; "recovered to P" is a
/// `recovered` event, which lands on tier 1. Built once per render from the snapshot's day of switch
/// events, for the providers page and the fleet banner.
struct ProviderActivity: Hashable, Sendable {
    /// Failovers away from one provider over a span.
    struct Failures: Hashable, Sendable {
        var events = 0
        var agents: Set<String> = []
        var kinds: [FailureKind: Int] = [:]

        mutating func add(_ event: LedgerEvent) {
            events += 1
            agents.insert(event.agent.rawValue)
            if let kind = event.failureKind { kinds[kind, default: 0] += 1 }
        }

        /// `rate limit 12 · auth 3`: the commonest kind first.
        var kindsText: String {
            kinds.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\(Format.failureLabel($0.key)) \($0.value)" }.joined(separator: " · ")
        }
    }

    struct Provider: Hashable, Sendable {
        var name: ProviderName
        /// `tier 1 of coder, reviewer`, tier by tier.
        var placements: [String]
        /// Agents whose active tier is on it and that are not paused.
        var running: Int
        /// Paused agents whose tier is on it: they would run on it once back.
        var pausedOn: Int
        var hour = Failures()
        var day = Failures()
        /// Within the day the snapshot read; nil when longer ago or never.
        var lastFailed: Timestamp?
        var lastRecovered: Timestamp?
    }

    /// The banner's headline: one provider behind most of the last hour's failovers (budget steps
    /// left out: they say nothing about the provider).
    struct Outage: Hashable, Sendable {
        var provider: ProviderName
        var agents: Int
        var first: Timestamp
        var last: Timestamp

        /// `anthropic: 41 agents failed over in 10 min`.
        var text: String {
            let who = "\(provider): \(agents) \(agents == 1 ? "agent" : "agents") failed over"
            let span = last.seconds(since: first)
            if span == 0 { return who + " at " + Format.time(last) }
            return who + (span < 60 ? " in under a minute" : " in \(span / 60) min")
        }
    }

    /// How far back the providers page and the banner look: the snapshot reads this much.
    static let day = TimeSpan.days(1)
    static let hour = TimeSpan.hours(1)
    /// The events it reads.
    static let kinds: [EventKind] = [.stepDown, .exhaustedPause, .exhaustedWrap, .recovered]

    var providers: [Provider]
    var outage: Outage?

    /// `events`: the switch events since `now - day`, newest first, as the snapshot read them.
    init(fleet: FleetConfig, statuses: [AgentStatus], events: [LedgerEvent], now: Timestamp) {
        var byName: [ProviderName: Provider] = [:]
        var order: [ProviderName] = []
        var placements: [ProviderName: [Int: [String]]] = [:]
        for type in fleet.agentTypes {
            for (index, entry) in type.chain.enumerated() {
                if byName[entry.provider] == nil {
                    order.append(entry.provider)
                    byName[entry.provider] = Provider(name: entry.provider, placements: [], running: 0, pausedOn: 0)
                }
                placements[entry.provider, default: [:]][index + 1, default: []].append(type.name.rawValue)
            }
        }
        for name in order {
            byName[name]?.placements = (placements[name] ?? [:]).sorted { $0.key < $1.key }.map { "tier \($0.key) of \($0.value.joined(separator: ", "))" }
        }
        for status in statuses {
            if status.state.paused { byName[status.active.provider]?.pausedOn += 1 } else { byName[status.active.provider]?.running += 1 }
        }
        var chains: [AgentID: [ChainEntry]] = [:]
        for instance in fleet.instances { chains[instance.agent] = instance.type.chain }
        let hourAgo = now - Self.hour
        var hourly: [ProviderName: [LedgerEvent]] = [:]
        // Newest first: the first event seen per provider is its latest.
        for event in events where event.at <= now {
            guard let chain = chains[event.agent] else { continue }
            switch event.kind {
            case .stepDown, .exhaustedPause, .exhaustedWrap:
                guard chain.indices.contains(event.fromTier - 1) else { continue }
                let name = chain[event.fromTier - 1].provider
                guard var provider = byName[name] else { continue }
                provider.day.add(event)
                if event.at > hourAgo {
                    provider.hour.add(event)
                    // The fleet's own budget is no sign of the provider's health: not in the banner. Nor
                    // are failures of the fallbacks: when a primary goes down, the fleet's rush onto the
                    // next tiers fails there too, and that cascade would outvote the cause.
                    if event.failureKind != .tokenBudget, event.fromTier == 1 { hourly[name, default: []].append(event) }
                }
                if provider.lastFailed == nil { provider.lastFailed = event.at }
                byName[name] = provider
            case .recovered:
                guard let name = chain.first?.provider, byName[name]?.lastRecovered == nil else { continue }
                byName[name]?.lastRecovered = event.at
            default:
                continue
            }
        }
        providers = order.compactMap { byName[$0] }
        outage = Self.outage(hourly)
    }

    /// The provider most of the agents that left tier 1 within the last hour left, if one is and
    /// it is at least `outageAgents` of them: one agent failing over is an agent's bad hour, not
    /// the headline of the fleet (the providers page still counts it). Agents, not events, so an
    /// agent that bounced counts once.
    static func outage(_ hourly: [ProviderName: [LedgerEvent]]) -> Outage? {
        let agents = hourly.mapValues { Set($0.map(\.agent)) }
        let total = Set(agents.values.joined()).count
        guard let (name, left) = agents.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }),
              left.count * 2 > total, left.count >= outageAgents,
              let events = hourly[name], let newest = events.first, let oldest = events.last else { return nil }
        return Outage(provider: name, agents: left.count, first: oldest.at, last: newest.at)
    }

    /// The fewest agents failed away from one provider within the hour that make the banner name it.
    static let outageAgents = 2
}
