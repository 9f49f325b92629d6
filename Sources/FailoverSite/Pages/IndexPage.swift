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

        var context: [String: Any] {
            var context: [String: Any] = ["level": level, "text": text]
            if let warnings { context["warnings"] = warnings }
            return context
        }
    }

    static let recentEvents = 10

    var chrome: PageChrome
    var banner: Banner
    var agents: [AgentSummary]
    /// Newest first.
    var events: [LedgerEvent]
    /// Cooldowns count down to here.
    var now: Timestamp

    init(_ snapshot: SiteSnapshot, agents: [AgentSummary]) {
        chrome = snapshot.chrome(depth: 0, title: "Fleet", section: .fleet, live: true)
        banner = Self.banner(agents, warnings: snapshot.config.warnings.count)
        self.agents = agents
        events = Array(snapshot.recentEvents.prefix(Self.recentEvents))
        now = snapshot.now
    }

    var paths: [String] { ["index.html"] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("index", chrome, context, splicing: [
            Splice(placeholder: AgentRowHTML.placeholder, bytes: AgentRowHTML.rows(agents, now: now)),
            Splice(placeholder: EventRowHTML.placeholder, bytes: EventRowHTML.rows(events, root: chrome.root, redactor: kit.redactor)),
        ])]
    }

    var context: [String: Any] {
        [
            "banner": banner.context,
            "agentRows": AgentRowHTML.placeholder,
            "hasAgents": !agents.isEmpty,
            "rows": EventRowHTML.placeholder,
            "hasEvents": !events.isEmpty,
        ]
    }

    static func banner(_ agents: [AgentSummary], warnings: Int) -> Banner {
        let paused = agents.filter(\.paused).count
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
            if paused > 0 { parts.append("\(paused) paused") }
            parts.append("\(healthy) on tier 1")
            banner = Banner(level: paused > 0 ? "alert" : "warn", text: parts.joined(separator: " · "))
        }
        if warnings > 0 { banner.warnings = warnings == 1 ? "1 config warning" : "\(warnings) config warnings" }
        return banner
    }
}
