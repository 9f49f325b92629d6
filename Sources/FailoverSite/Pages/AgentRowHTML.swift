import FailoverCore
import FailoverEngine

/// The rows of the fleet table on `index.html`, one per agent: written as bytes for the same reason as
/// `EventRowHTML` (the page is rebuilt by every render, and a thousand rows through Mustache cost more
/// than the rest of the render). The table around them is in `templates/index.mustache`.
enum AgentRowHTML {
    /// Marks where the fleet table's rows go.
    static let placeholder = "\u{1}failover-agent-rows\u{1}"

    static func rows(_ statuses: [AgentStatus], now: Timestamp) -> [UInt8] {
        var html = HTMLBytes(capacity: statuses.count * 700)
        for status in statuses { append(status, now: now, to: &html) }
        return html.bytes
    }

    static func append(_ status: AgentStatus, now: Timestamp, to html: inout HTMLBytes) {
        let state = status.state
        let label = Format.stateLabel(tier: state.tier, tiers: status.type.chain.count, paused: state.paused, entry: status.active, failure: state.lastFailureKind)
        html.append(state.paused ? "<tr class=\"is-paused\">" : status.isDegraded ? "<tr class=\"is-degraded\">" : "<tr>")
        html.append("<td class=\"state\"><span class=\"")
        html.append(raw: Format.tierClass(tier: state.tier, paused: state.paused))
        html.append("\" role=\"img\" aria-label=\"")
        html.append(escaped: label)
        html.append("\" title=\"")
        html.append(escaped: label)
        html.append("\">")
        html.append(raw: status.glyph)
        html.append("</span>")
        if state.lastFailureKind == .tokenBudget {
            html.append("<span class=\"fuel\" role=\"img\" aria-label=\"last failure: token budget\" title=\"Last failure: token budget exceeded\">⛽</span>")
        }
        html.append("</td><td class=\"name\"><a href=\"agents/")
        html.append(escaped: status.agent)
        html.append(".html\">")
        html.append(escaped: status.agent)
        html.append("</a> <span class=\"muted\">")
        html.append(escaped: status.type.name)
        html.append("</span></td><td class=\"provider\">")
        html.append(escaped: status.active.provider)
        html.append(" · ")
        html.append(escaped: status.active.model)
        if let until = state.cooldownUntil, state.cooldownRemaining(at: now) != nil {
            html.append("</td><td class=\"cooldown\"><time datetime=\"")
            html.append(raw: until.description)
            html.append("\" data-countdown>")
            html.append(raw: Format.time(until))
            html.append("</time></td>")
        } else {
            html.append("</td><td class=\"cooldown none\"><span class=\"muted\">–</span></td>")
        }
        html.append("<td class=\"last\">")
        if let event = status.lastEvent {
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
