import FailoverCore

/// The rows of the fleet tables on `index.html`, one compact line per agent: written as bytes for the
/// same reason as `EventRowHTML` (the page is rebuilt by every render, and a thousand rows through
/// Mustache cost more than the rest of the render). The groups around them are `FleetGroupHTML`.
enum AgentRowHTML {
    static func append(_ agent: AgentSummary, heldByBudget: Bool = false, now: Timestamp, to html: inout HTMLBytes) {
        switch agent.pauseReason {
        case .exhausted: html.append("<tr class=\"is-paused is-exhausted\">")
        case .operator: html.append("<tr class=\"is-paused is-operator\">")
        case nil: html.append(agent.degraded ? "<tr class=\"is-degraded\">" : "<tr>")
        }
        html.append("<td class=\"state\">")
        GlyphHTML.append(agent, to: &html)
        html.append("</td><td class=\"name\"><a href=\"agents/")
        html.append(escaped: agent.agent)
        html.append(".html\">")
        html.append(escaped: agent.agent)
        // A long model name is cut short on one-line rows: its cell then carries it whole as a tooltip.
        let long = agent.active.provider.rawValue.utf8.count + agent.active.model.utf8.count > Self.longName
        html.append(long ? "</a></td><td class=\"provider\" title=\"" : "</a></td><td class=\"provider\">")
        if long {
            html.append(escaped: agent.active.provider.rawValue)
            html.append("/")
            html.append(escaped: agent.active.model)
            html.append("\">")
        }
        html.append(escaped: agent.active.provider.rawValue)
        html.append(" · <span class=\"id\">")
        html.append(escaped: agent.active.model)
        html.append("</span></td>")
        appendWhy(agent, heldByBudget: heldByBudget, now: now, to: &html)
        html.append("<td class=\"last\">")
        if let event = agent.lastEvent {
            html.append(raw: Format.eventLabel(event.kind))
            if let kind = event.failureKind {
                html.append(" <b class=\"badge\">")
                html.append(raw: Format.failureLabel(kind))
                html.append("</b>")
            }
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

    /// What holds the agent where it is: a reset to make, an operator's pause, or the cooldown a
    /// success must wait for (counted down by the script). An exhausted agent's cooldown is never
    /// shown: it will not bring the agent back.
    /// Characters of provider and model past which the fleet row may cut the name short.
    static let longName = 34

    static func appendWhy(_ agent: AgentSummary, heldByBudget: Bool = false, now: Timestamp, to html: inout HTMLBytes) {
        switch agent.pauseReason {
        case .exhausted:
            html.append("<td class=\"why\"><strong>Chain exhausted</strong>: needs a reset</td>")
        case .operator:
            html.append("<td class=\"why\">Paused by the operator</td>")
        case nil where heldByBudget:
            // Its cooldown would only mislead: while the type is over budget a success does not bring it back.
            html.append("<td class=\"why\">Held: <a href=\"budget.html#type-")
            html.append(escaped: agent.type)
            html.append("\">its type is over budget</a></td>")
        case nil:
            if let until = agent.cooldown(at: now) {
                html.append("<td class=\"cooldown\"><span class=\"muted\">Cooldown ends</span> <time datetime=\"")
                html.append(raw: until.description)
                html.append("\" data-countdown>")
                html.append(raw: Format.time(until))
                html.append("</time></td>")
            } else if agent.degraded {
                html.append("<td class=\"why\"><span class=\"muted\">Cooldown over: back on its next success</span></td>")
            } else {
                html.append("<td class=\"cooldown none\"><span class=\"muted\">–</span></td>")
            }
        }
    }
}
