import FailoverCore

/// An agent's marks as pages draw them: no character that needs a symbol or emoji font (①, ✕ and
/// ⛽ render as empty boxes without one). The tier is its digit in a circle drawn by `site/style.css`;
/// paused and the budget mark are inline SVG, sized by attributes so they stay small without the
/// stylesheet. Each mark is `role="img"` with the state in words as its name, since the label is its
/// whole content.
enum GlyphHTML {
    /// The tier mark, then the budget mark when the budget moved the agent.
    static func append(_ agent: AgentSummary, to html: inout HTMLBytes) {
        appendTier(tier: agent.tier, paused: agent.paused, label: agent.stateLabel, to: &html)
        if agent.fuel { html.append(fuel) }
    }

    /// The same marks as text, for templates (`{{{glyphHTML}}}` on the agent page).
    static func html(_ agent: AgentSummary) -> String {
        var html = HTMLBytes(capacity: 512)
        append(agent, to: &html)
        return String(decoding: html.bytes, as: UTF8.self)
    }

    static func appendTier(tier: Int, paused: Bool, label: String, to html: inout HTMLBytes) {
        html.append("<span class=\"")
        html.append(raw: Format.tierClass(tier: tier, paused: paused))
        html.append("\" role=\"img\" aria-label=\"")
        html.append(escaped: label)
        html.append("\" title=\"")
        html.append(escaped: label)
        html.append("\">")
        if paused {
            html.append(cross)
        } else {
            html.append(raw: String(tier))
        }
        html.append("</span>")
    }

    /// A tier as event rows write it, where every byte counts on the day archive: `2`, or `paused`.
    /// The column's heading and the page's key say what the digits are.
    static func tierText(tier: Int, paused: Bool) -> String {
        paused ? "paused" : String(tier)
    }

    /// An X in the tier's circle.
    static let cross: StaticString = """
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M2.5 2.5l7 7m0-7l-7 7" \
        stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>
        """

    /// A fuel pump: the token budget, not an error, moved the agent.
    static let fuel: StaticString = """
        <span class="fuel" role="img" aria-label="moved off tier 1 by the token budget" title="Moved off tier 1 by the token budget">\
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">\
        <path fill="currentColor" fill-rule="evenodd" d="M2 2.5C2 1.7 2.7 1 3.5 1h5c.8 0 1.5.7 1.5 1.5V14h.5v1.2h-9V14H2zM3.5 2.8v3.7h5V2.8z"/>\
        <path fill="none" stroke="currentColor" stroke-width="1.2" stroke-linejoin="round" d="M10 4.5h1.2L13.6 7v5.2a1 1 0 0 1-2 0V9.6H10"/>\
        </svg></span>
        """
}
