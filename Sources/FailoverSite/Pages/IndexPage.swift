import FailoverCore
import Foundation

/// `index.html`: the fleet at a glance, rebuilt by every render.
struct IndexPage: SiteArtifact {
    /// The headline over the fleet table.
    struct Banner: Hashable, Sendable {
        var level: String
        var text: String
        /// "2 config warnings", when there are any.
        var warnings: String?
        /// One provider behind most of the last hour's failovers: named first, since it answers
        /// "is that provider down?" before any count does.
        var outage: ProviderActivity.Outage?

        var context: [String: Any] {
            var context: [String: Any] = ["level": level, "text": text]
            if let warnings { context["warnings"] = warnings }
            if let outage { context["outage"] = ["text": outage.text, "href": "providers.html#" + ProvidersPage.anchor(outage.provider)] }
            return context
        }
    }

    static let recentEvents = 10

    var chrome: PageChrome
    var banner: Banner
    var fleet: FleetGroups
    var agentCount: Int
    /// Newest first.
    var events: [LedgerEvent]
    /// Cooldowns count down to here.
    var now: Timestamp

    init(_ snapshot: SiteSnapshot, agents: [AgentSummary], providers: ProviderActivity) {
        chrome = snapshot.chrome(depth: 0, title: "Fleet", section: .fleet, live: true)
        banner = Self.banner(agents, warnings: snapshot.config.warnings.count, outage: providers.outage)
        fleet = FleetGroups(agents)
        fleet.held = Self.heldByBudget(snapshot)
        agentCount = agents.count
        events = Array(snapshot.recentEvents.prefix(Self.recentEvents))
        now = snapshot.now
    }

    var paths: [String] { ["index.html"] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("index", chrome, context, splicing: [
            Splice(placeholder: FleetGroupHTML.placeholder, bytes: FleetGroupHTML.groups(fleet, now: now)),
            Splice(placeholder: EventRowHTML.placeholder, bytes: EventRowHTML.rows(events, root: chrome.root, redactor: kit.redactor)),
        ])]
    }

    var context: [String: Any] {
        [
            "banner": banner.context,
            "agentGroups": FleetGroupHTML.placeholder,
            "hasAgents": agentCount > 0,
            "collapsed": fleet.collapsed,
            "collapseAbove": FleetGroups.collapseAbove,
            "rows": EventRowHTML.placeholder,
            "hasEvents": !events.isEmpty,
        ]
    }

    /// Agents below tier 1 while their type is still over its threshold
    /// (`FleetStatus.markingHolds`, from the snapshot's window sums).
    static func heldByBudget(_ snapshot: SiteSnapshot) -> Set<String> {
        Set(snapshot.statuses.filter(\.heldByBudget).map(\.agent.rawValue))
    }

    static func banner(_ agents: [AgentSummary], warnings: Int, outage: ProviderActivity.Outage? = nil) -> Banner {
        let paused = agents.filter(\.paused).count
        let exhausted = agents.filter(\.exhausted).count
        let degraded = agents.filter(\.degraded).count
        let healthy = agents.count - paused - degraded
        var banner: Banner
        if agents.isEmpty {
            banner = Banner(level: "warn", text: "No agents are configured")
        } else if paused == 0, degraded == 0 {
            banner = Banner(level: "ok", text: "All \(agents.count) agents on tier 1")
        } else {
            var parts: [String] = []
            if degraded > 0 { parts.append("\(degraded) degraded") }
            if paused > 0 { parts.append(exhausted > 0 ? "\(paused) paused (\(exhausted) \(exhausted == 1 ? "needs" : "need") a reset)" : "\(paused) paused") }
            parts.append("\(healthy) on tier 1")
            banner = Banner(level: paused > 0 ? "alert" : "warn", text: parts.joined(separator: " · "))
        }
        if let outage {
            banner.outage = outage
            if banner.level == "ok" { banner.level = "warn" }
        }
        if warnings > 0 { banner.warnings = warnings == 1 ? "1 config warning" : "\(warnings) config warnings" }
        return banner
    }
}
