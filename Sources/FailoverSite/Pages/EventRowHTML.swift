import FailoverCore
import FailoverEngine

/// The rows of every event table (fleet page, agent pages, events pages). Written here rather than in
/// a Mustache partial because a full render of a large ledger renders a million of them: this costs
/// about a microsecond a row, the partial about twenty-five. The table around the rows, and its
/// headings, are `templates/event-rows.mustache`; the class names below are what `site/style.css` styles.
enum EventRowHTML {
    static func rows(_ events: [LedgerEvent], root: String, redactor: SecretRedactorBox) -> String {
        var html = ""
        html.reserveCapacity(events.count * 420)
        for event in events { append(event, root: root, redactor: redactor, to: &html) }
        return html
    }

    static func append(_ event: LedgerEvent, root: String, redactor: SecretRedactorBox, to html: inout String) {
        let from = TierGlyph.glyph(tier: event.fromTier, paused: false)
        let to = TierGlyph.glyph(tier: event.toTier, paused: event.paused)
        let moved = event.fromTier != event.toTier || event.paused || event.kind == .unpaused
        let agent = HTML.escape(event.agent)
        html += event.kind.isSwitch ? "<tr class=\"event\">" : "<tr class=\"event minor\">"
        html += "<td class=\"when\"><time datetime=\"\(event.at)\">\(Format.time(event.at))</time></td>"
        html += "<td class=\"who\"><a href=\"\(root)agents/\(agent).html\">\(agent)</a></td>"
        html += "<td class=\"what\">\(Format.eventLabel(event.kind))"
        if let failure = event.failureKind {
            html += " <span class=\"badge\">"
            if failure == .tokenBudget { html += "<span aria-hidden=\"true\">⛽ </span>" }
            html += Format.failureLabel(failure) + "</span>"
        }
        html += "</td>"
        html += moved
            ? "<td class=\"tiers\"><span aria-label=\"tier \(from) to \(to)\">\(from)→\(to)</span></td>"
            : "<td class=\"tiers\"><span aria-label=\"tier \(to)\">\(to)</span></td>"
        html += "<td class=\"detail\">\(HTML.escape(redactor.redact(event.detail)))"
        if let provider = event.provider, let model = event.model {
            html += " <span class=\"muted\">· now \(HTML.escape(provider))/\(HTML.escape(model))</span>"
        }
        html += " <span class=\"muted\">· \(event.source.rawValue)</span></td></tr>\n"
    }
}
