import FailoverCore
import FailoverEngine

/// The rows of every event table (fleet page, agent pages, events pages). Written here as bytes
/// rather than in a Mustache partial because a full render of a large ledger writes a million of
/// them: this costs well under a microsecond a row, the partial about twenty-five. The table around
/// the rows, and its headings, are `templates/event-rows.mustache`; `site/style.css` styles the cells
/// by column, so the rows carry no classes but `minor` (bookkeeping events).
enum EventRowHTML {
    /// Marks where a page's rows go; pages render with it, and the rows are spliced in as bytes.
    static let placeholder = "\u{1}failover-event-rows\u{1}"

    /// `clockOnly` for day pages, where the date is the page's.
    static func rows(_ events: [LedgerEvent], root: String, clockOnly: Bool = false, redactor: SecretRedactorBox) -> [UInt8] {
        var html = HTMLBytes(capacity: events.count * 320)
        let agentsPrefix = root + "agents/"
        for event in events { append(event, agentsPrefix: agentsPrefix, clockOnly: clockOnly, redactor: redactor, to: &html) }
        return html.bytes
    }

    static func append(_ event: LedgerEvent, agentsPrefix: String, clockOnly: Bool, redactor: SecretRedactorBox, to html: inout HTMLBytes) {
        html.append(event.kind.isSwitch ? "<tr><td><time datetime=\"" : "<tr class=\"minor\"><td><time datetime=\"")
        let stamp = event.at.description
        html.append(raw: stamp)
        html.append("\">")
        // `2026-11-24T10:15:30Z` -> `2026-11-24 10:15`, or `10:15` on a day's own page.
        html.append(time: stamp, clockOnly: clockOnly)
        html.append("</time></td><td><a href=\"")
        html.append(escaped: agentsPrefix)
        html.append(escaped: event.agent.rawValue)
        html.append(".html\">")
        html.append(escaped: event.agent.rawValue)
        html.append("</a></td><td>")
        html.append(raw: Format.eventLabel(event.kind))
        if let failure = event.failureKind {
            html.append(" <span class=\"badge\">")
            if failure == .tokenBudget { html.append("<span aria-hidden=\"true\">⛽ </span>") }
            html.append(raw: Format.failureLabel(failure))
            html.append("</span>")
        }
        let to = TierGlyph.glyph(tier: event.toTier, paused: event.paused)
        if event.fromTier != event.toTier || event.paused || event.kind == .unpaused {
            let from = TierGlyph.glyph(tier: event.fromTier, paused: false)
            html.append("</td><td><span aria-label=\"tier ")
            html.append(raw: from)
            html.append(" to ")
            html.append(raw: to)
            html.append("\">")
            html.append(raw: from)
            html.append("→")
            html.append(raw: to)
            html.append("</span></td><td>")
        } else {
            html.append("</td><td>")
            html.append(raw: to)
            html.append("</td><td>")
        }
        html.append(escaped: redactor.redact(event.detail))
        html.append("<small> · ")
        if let provider = event.provider, let model = event.model {
            html.append("now ")
            html.append(escaped: provider.rawValue)
            html.append("/")
            html.append(escaped: model)
            html.append(" · ")
        }
        html.append(raw: event.source.rawValue)
        html.append("</small></td></tr>\n")
    }
}

/// UTF-8 bytes under construction, with HTML escaping.
struct HTMLBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text known to hold nothing to escape (labels, times, enum names).
    mutating func append(raw text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// `2026-11-24 10:15` from an RFC 3339 stamp, or `10:15`.
    mutating func append(time stamp: String, clockOnly: Bool) {
        var utf8 = stamp.utf8.makeIterator()
        var index = 0
        while let byte = utf8.next(), index < 16 {
            if index < 10 { if !clockOnly { bytes.append(byte) } } else if index == 10 { if !clockOnly { bytes.append(0x20) } } else { bytes.append(byte) }
            index += 1
        }
    }

    /// Escapes `& < > " '`, copying the runs between them in bulk: most text has none.
    mutating func append(escaped text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let replacement: StaticString
                switch utf8[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&#39;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }
}
