import FailoverCore
import FailoverEngine

/// `index.html`: the fleet at a glance.
enum IndexPage {
    static let recentEvents = 10

    static func context(_ snapshot: SiteSnapshot) -> [String: Any] {
        let statuses = snapshot.statuses
        let paused = statuses.filter(\.state.paused).count
        let degraded = statuses.filter(\.isDegraded).count
        let healthy = statuses.count - paused - degraded
        var banner: [String: Any]
        if statuses.isEmpty {
            banner = ["level": "warn", "text": "No agents are configured"]
        } else if paused == 0, degraded == 0 {
            banner = ["level": "ok", "text": "All \(statuses.count) agents on tier 1"]
        } else {
            var parts: [String] = []
            if degraded > 0 { parts.append("\(degraded) degraded") }
            if paused > 0 { parts.append("\(paused) paused") }
            parts.append("\(healthy) on tier 1")
            banner = ["level": paused > 0 ? "alert" : "warn", "text": parts.joined(separator: " · ")]
        }
        let warnings = snapshot.config.warnings.count
        if warnings > 0 { banner["warnings"] = warnings == 1 ? "1 config warning" : "\(warnings) config warnings" }
        let content: [String: Any] = [
            "banner": banner,
            "agentRows": AgentRowHTML.placeholder,
            "hasAgents": !statuses.isEmpty,
            "rows": EventRowHTML.placeholder,
            "hasEvents": !snapshot.recentEvents.isEmpty,
        ]
        return snapshot.page(PageChrome(depth: 0, title: "Fleet", section: .fleet, live: true), content)
    }
}
