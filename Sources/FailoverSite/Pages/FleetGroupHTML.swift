import FailoverCore

/// The fleet on `index.html`: a section per agent type with its counts in the header and its agents'
/// rows (`AgentRowHTML`), the healthy ones folded into a `<details>` in a large fleet. Bytes, like the
/// rows, and one splice for all groups: a fleet of many small types would otherwise cost a scan of the
/// page per type.
enum FleetGroupHTML {
    /// Marks where the groups go in `templates/index.mustache`.
    static let placeholder = "\u{1}failover-agent-groups\u{1}"

    static let head = "<thead><tr><th scope=\"col\">Tier</th><th scope=\"col\">Agent</th><th scope=\"col\">Provider · model</th><th scope=\"col\">State</th><th scope=\"col\">Last event</th></tr></thead>\n<tbody>\n"

    /// The anchor of a type's group: `index.html#type-coder`.
    static func anchor(_ type: String) -> String { "type-" + type }

    static func groups(_ fleet: FleetGroups, now: Timestamp) -> [UInt8] {
        var html = HTMLBytes(capacity: fleet.groups.reduce(0) { $0 + $1.count } * 420 + fleet.groups.count * 600)
        for group in fleet.groups { append(group, collapsed: fleet.collapsed, held: fleet.held, now: now, to: &html) }
        return html.bytes
    }

    static func append(_ group: FleetGroups.Group, collapsed: Bool, held: Set<String>, now: Timestamp, to html: inout HTMLBytes) {
        html.append("<section class=\"fleet-group\" id=\"")
        html.append(escaped: anchor(group.type))
        html.append("\">\n<h2 class=\"group-head\">")
        html.append(escaped: group.header)
        html.append("</h2>\n")
        let inline = collapsed ? [] : group.healthy
        if !group.urgent.isEmpty || !inline.isEmpty {
            table(group.urgent + inline, held: held, now: now, to: &html)
        }
        if collapsed, !group.healthy.isEmpty {
            html.append("<details class=\"healthy\"><summary>")
            html.append(raw: "\(group.healthy.count) on tier 1, running normally")
            html.append("</summary>\n")
            table(group.healthy, held: held, now: now, to: &html)
            html.append("</details>\n")
        }
        html.append("</section>\n")
    }

    static func table(_ agents: [AgentSummary], held: Set<String>, now: Timestamp, to html: inout HTMLBytes) {
        html.append("<table class=\"agents\">")
        html.append(raw: head)
        for agent in agents { AgentRowHTML.append(agent, heldByBudget: held.contains(agent.agent), now: now, to: &html) }
        html.append("</tbody>\n</table>\n")
    }
}
