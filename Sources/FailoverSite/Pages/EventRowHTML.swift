import FailoverCore
import FailoverEngine

/// The rows of every event table (fleet page, agent pages, events pages). Written here as bytes
/// rather than in a Mustache partial because a full render of a large ledger writes a million of
/// them: this costs well under a microsecond a row, the partial about twenty-five. The table around
/// the rows, and its headings, are `templates/event-rows.mustache`; `site/style.css` styles the cells
/// by column, so the rows carry no classes but `minor` (bookkeeping events).
///
/// Two forms. `rows`, on pages that span days (fleet, agent, events index): the date with the time,
/// every attribute spelled out. `dayRows`, on the day archive, which is most of what a full render
/// writes: only what the page does not already say (see `dayRows`).
enum EventRowHTML {
    /// Marks where a page's rows go; pages render with it, and the rows are spliced in as bytes.
    static let placeholder = "\u{1}failover-event-rows\u{1}"

    /// The full form: `2026-11-24 10:15` over a `datetime` to the second, the source on every row.
    static func rows(_ events: [LedgerEvent], root: String, redactor: SecretRedactorBox) -> [UInt8] {
        var html = HTMLBytes(capacity: events.count * 320)
        let agentsPrefix = root + "agents/"
        for event in events { append(event, agentsPrefix: agentsPrefix, redactor: redactor, to: &html) }
        return html.bytes
    }

    static func append(_ event: LedgerEvent, agentsPrefix: String, redactor: SecretRedactorBox, to html: inout HTMLBytes) {
        html.append(event.kind.isSwitch ? "<tr><td><time datetime=\"" : "<tr class=\"minor\"><td><time datetime=\"")
        let stamp = event.at.description
        html.append(raw: stamp)
        html.append("\">")
        // `2026-11-24T10:15:30Z` -> `2026-11-24 10:15`.
        html.append(time: stamp)
        html.append("</time></td><td><a href=\"")
        html.append(escaped: agentsPrefix)
        html.append(escaped: event.agent.rawValue)
        html.append(".html\">")
        html.append(escaped: event.agent.rawValue)
        html.append("</a></td><td>")
        html.append(raw: Format.eventLabel(event.kind))
        if let failure = event.failureKind {
            html.append(" <span class=\"badge\">")
            html.append(raw: Format.failureLabel(failure))
            html.append("</span>")
        }
        html.append("</td><td>")
        appendTiers(event, to: &html)
        html.append("</td><td>")
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

    /// The day archive's form, about 60% of the full one's bytes with nothing a reader had taken away:
    ///
    /// `<tr><td>23:59:44<td><a href="../agents/coder-79.html">coder-79</a><td>Stepped down <b>rate limit</b><td>2→3<td>429 …<small> · now ollama/qwen3-coder:30b</small>`
    ///
    /// - The time of day to the second, as text; the date is the page's (its title and heading).
    /// - No `</td>` or `</tr>`: HTML closes a cell at the next cell or row, and a row at the next
    ///   row or the end of the table body, so the table parses to the same cells.
    /// - The failure kind in `<b>`, styled as a badge by column; the tier move as its visible text
    ///   alone, as in the full form (the heading names the column).
    /// - The source only where it is not the one the event's kind implies (`usualSource`): the
    ///   page says once how to read it.
    /// - `class=minor` unquoted.
    ///
    /// The agent link, the detail and the provider/model the event left the agent on stay on every
    /// row, escaped as in the full form. `specs/operations.md` ("Reading the events pages") says how
    /// to read them; `DayRowTests` pins the budget in bytes and that every field can be read back.
    static func dayRows(_ events: [LedgerEvent], root: String, redactor: SecretRedactorBox) -> [UInt8] {
        var html = HTMLBytes(capacity: events.count * 200)
        let agentsPrefix = root + "agents/"
        for event in events { appendDayRow(event, agentsPrefix: agentsPrefix, redactor: redactor, to: &html) }
        return html.bytes
    }

    /// The most a typical day row may take, in bytes: `DayRowTests` holds a fixed sample in the bench
    /// fleet's proportions (`typicalDay`, 207 bytes a row at format version 4, 204 at 5) to it. 218 is 65% of the
    /// 336 bytes an event took on the bench fleet's day pages in the full form (format version 3).
    static let dayRowBudget = 218

    static func appendDayRow(_ event: LedgerEvent, agentsPrefix: String, redactor: SecretRedactorBox, to html: inout HTMLBytes) {
        html.append(event.kind.isSwitch ? "<tr><td>" : "<tr class=minor><td>")
        html.append(clock: event.at)
        html.append("<td><a href=\"")
        html.append(escaped: agentsPrefix)
        html.append(escaped: event.agent.rawValue)
        html.append(".html\">")
        html.append(escaped: event.agent.rawValue)
        html.append("</a><td>")
        html.append(raw: Format.eventLabel(event.kind))
        if let failure = event.failureKind {
            html.append(" <b>")
            html.append(raw: Format.failureLabel(failure))
            html.append("</b>")
        }
        html.append("<td>")
        appendTiers(event, to: &html)
        html.append("<td>")
        html.append(escaped: redactor.redact(event.detail))
        let source = event.source == usualSource(event) ? nil : event.source
        if let provider = event.provider, let model = event.model {
            html.append("<small> · now ")
            html.append(escaped: provider.rawValue)
            html.append("/")
            html.append(escaped: model)
            if let source {
                html.append(" · ")
                html.append(raw: source.rawValue)
            }
            html.append("</small>")
        } else if let source {
            html.append("<small> · ")
            html.append(raw: source.rawValue)
            html.append("</small>")
        }
        html.append("\n")
    }

    /// The tier cell's text, the same in both forms: `2→3`, `2→paused`, or `1` when it did not move.
    /// Plain digits and an arrow, which every font has; the column's heading names them.
    static func appendTiers(_ event: LedgerEvent, to html: inout HTMLBytes) {
        if showsMove(event) {
            html.append(raw: GlyphHTML.tierText(tier: event.fromTier, paused: false))
            html.append("→")
        }
        html.append(raw: GlyphHTML.tierText(tier: event.toTier, paused: event.paused))
    }

    /// Whether the tier cell shows where the agent came from (`2→3`) or only where it is (`1`).
    static func showsMove(_ event: LedgerEvent) -> Bool {
        event.fromTier != event.toTier || event.paused || event.kind == .unpaused
    }

    /// Who causes an event of this kind, unless its row says otherwise: the config for operator
    /// actions, chain edits and new instances; the budget rule for a token-budget step; a task's
    /// outcome for everything else. This is how the engine writes them (`AgentState+Transitions`); a
    /// source it does not name (an event written otherwise, a source added later) is shown.
    static func usualSource(_ event: LedgerEvent) -> EventSource {
        switch event.kind {
        case .created, .paused, .unpaused, .reset, .chainChanged: .config
        case .stepDown, .exhaustedPause, .exhaustedWrap, .recovered, .serverErrorCounted, .serverErrorsCleared:
            event.failureKind == .tokenBudget ? .budget : .outcome
        }
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

    /// Markup built elsewhere as bytes.
    mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    /// Text known to hold nothing to escape (labels, times, enum names).
    mutating func append(raw text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// `2026-11-24 10:15` from an RFC 3339 stamp.
    mutating func append(time stamp: String) {
        var utf8 = stamp.utf8.makeIterator()
        var index = 0
        while let byte = utf8.next(), index < 16 {
            bytes.append(index == 10 ? 0x20 : byte)
            index += 1
        }
    }

    /// `10:15:30`: the time of day in UTC, to the second.
    mutating func append(clock moment: Timestamp) {
        let second = moment.seconds - moment.startOfUTCDay.seconds
        let hours = second / 3600, minutes = second / 60 % 60, seconds = second % 60
        bytes.append(UInt8(48 + hours / 10))
        bytes.append(UInt8(48 + hours % 10))
        bytes.append(0x3A)
        bytes.append(UInt8(48 + minutes / 10))
        bytes.append(UInt8(48 + minutes % 10))
        bytes.append(0x3A)
        bytes.append(UInt8(48 + seconds / 10))
        bytes.append(UInt8(48 + seconds % 10))
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
