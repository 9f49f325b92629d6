import FailoverCore

/// The rows of the fleet table on `index.html`, one per agent: written as bytes for the same reason as
/// `EventRowHTML` (the page is rebuilt by every render, and a thousand rows through Mustache cost more
/// than the rest of the render). The table around them is in `templates/index.mustache`.
enum AgentRowHTML {
    /// Marks where the fleet table's rows go.
    static let placeholder = "\u{1}failover-agent-rows\u{1}"

    static func rows(_ agents: [AgentSummary], now: Timestamp) -> [UInt8] {
        var html = HTMLBytes(capacity: agents.count * 700)
        for agent in agents { append(agent, now: now, to: &html) }
        return html.bytes
    }

    static func append(_ agent: AgentSummary, now: Timestamp, to html: inout HTMLBytes) {
        html.append(agent.paused ? "<tr class=\"is-paused\">" : agent.degraded ? "<tr class=\"is-degraded\">" : "<tr>")
        html.append("<td class=\"state\">")
        GlyphHTML.append(agent, to: &html)
        html.append("</td><td class=\"name\"><a href=\"agents/")
        html.append(escaped: agent.agent)
        html.append(".html\">")
        html.append(escaped: agent.agent)
        html.append("</a> <span class=\"muted\">")
        html.append(escaped: agent.type)
        html.append("</span></td><td class=\"provider\">")
        html.append(escaped: agent.active.provider.rawValue)
        html.append(" · ")
        html.append(escaped: agent.active.model)
        if let until = agent.cooldown(at: now) {
            html.append("</td><td class=\"cooldown\"><time datetime=\"")
            html.append(raw: until.description)
            html.append("\" data-countdown>")
            html.append(raw: Format.time(until))
            html.append("</time></td>")
        } else {
            html.append("</td><td class=\"cooldown none\"><span class=\"muted\">–</span></td>")
        }
        html.append("<td class=\"last\">")
        if let event = agent.lastEvent {
            html.append(raw: Format.eventLabel(event.kind))
            html.append(" <time class=\"muted\" datetime=\"")
            html.append(raw: event.at.description)
            html.append("\">")
            html.append(raw: Format.time(event.at))
            html.append("</time>")
        } else {
            html.append("<span class=\"muted\">none yet</span>")
        }
        html.append("</td></tr>\n")
    }
}
