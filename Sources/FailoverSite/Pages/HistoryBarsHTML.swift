import FailoverCore
import Foundation

/// "How flaky has it been?" as markup: 30 day bars in an inline SVG (no script), each stacked by the
/// day's share of time on tier 1, on a lower tier and paused, with the tier-1 percentages beside it.
/// Used by agent pages, the budget page (per type), and the providers page (per provider).
///
/// Colours come from classes that `site/style.css` maps to the theme's variables, so the chart reads
/// in light and dark. A screen reader gets the svg's label (the headline numbers) and a visually
/// hidden list of every day that was not all tier 1: the bars' own titles are only tooltips.
enum HistoryBarsHTML {
    /// What the three percentages are called where they are shown.
    struct SpanNames: Sendable {
        var day: String
        var week: String
        var month: String

        /// An agent page: completed UTC days, ending at today's midnight.
        static let completedDays = SpanNames(day: "Yesterday", week: "7 days", month: "30 days")
        /// The live pages: rolling, ending at the render.
        static let rolling = SpanNames(day: "24 h", week: "7 d", month: "30 d")

        func name(_ span: TierHistory.Span) -> String {
            switch span {
            case .day: day
            case .week: week
            case .month: month
            }
        }
    }

    static let barWidth = 8
    static let barGap = 2
    static let height = 32

    /// The percentages as name/value pairs for a template.
    static func rates(_ history: TierHistory, names: SpanNames) -> [[String: Any]] {
        TierHistory.Span.allCases.map { span in
            ["label": names.name(span), "value": percent(history.seconds(over: span).tier1Share)]
        }
    }

    /// A share as a person reads it: rounded down to a tenth, so only a day entirely on tier 1 says 100%.
    static func percent(_ share: Double?) -> String {
        guard let share else { return "no data" }
        if share >= 1 { return "100%" }
        let tenths = Int(max(0, share * 1000).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)%"

    }

    /// The whole block for a page without the `history` partial (the providers page, one per
    /// provider, from `SiteSnapshot.history.providers`): the chart, its text equivalent, the three
    /// percentages and the colour key.
    static func block(_ history: TierHistory, subject: String, names: SpanNames = .rolling) -> String {
        var html = HTMLBytes(capacity: 7_000)
        html.append(raw: chart(history, subject: subject, names: names))
        html.append("<dl class=\"history-rates\">")
        for span in TierHistory.Span.allCases {
            html.append("<div><dt>")
            html.append(escaped: names.name(span))
            html.append("</dt><dd>")
            html.append(raw: percent(history.seconds(over: span).tier1Share))
            html.append("</dd></div>")
        }
        html.append("</dl>\n<p class=\"history-key muted\" aria-hidden=\"true\"><span class=\"swatch h1\"></span>tier 1 <span class=\"swatch h2\"></span>lower tier <span class=\"swatch hp\"></span>paused <span class=\"swatch hn\"></span>no data</p>\n")
        return String(decoding: html.bytes, as: UTF8.self)
    }

    /// The svg and its text equivalent. `subject` names what it is about ("coder-1", "type coder").
    static func chart(_ history: TierHistory, subject: String, names: SpanNames) -> String {
        var html = HTMLBytes(capacity: 6_000)
        let width = history.days.count * (barWidth + barGap) - barGap
        let month = percent(history.seconds(over: .month).tier1Share)
        html.append("<svg class=\"history-bars\" viewBox=\"0 0 ")
        html.append(raw: String(width))
        html.append(" ")
        html.append(raw: String(height))
        html.append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
        html.append(escaped: "\(subject): time on tier 1 by UTC day, \(history.days.count) days; \(names.month): \(month)")
        html.append("\">\n")
        var notAllTier1: [String] = []
        for (index, (start, seconds)) in zip(history.dayStarts, history.days).enumerated() {
            let day = start.utcDay
            let x = index * (barWidth + barGap)
            html.append("<g><title>")
            html.append(raw: day)
            html.append(": ")
            html.append(raw: describe(seconds))
            html.append("</title>")
            if seconds.covered == 0 {
                bar(&html, x: x, y: 0, height: Double(height), class: "hn")
            } else {
                // Stacked from the bottom: tier 1, then lower, then paused on top.
                var top = Double(height)
                let parts: [(Double?, StaticString)] = [(seconds.tier1Share, "h1"), (seconds.lowerShare, "h2"), (seconds.pausedShare, "hp")]
                for (share, name) in parts {
                    let size = (share ?? 0) * Double(height)
                    guard size > 0 else { continue }
                    top -= size
                    bar(&html, x: x, y: max(0, top), height: size, class: name)
                }
                if seconds.tier1 != seconds.covered { notAllTier1.append("\(day): \(describe(seconds))") }
            }
            html.append("</g>\n")
        }
        html.append("</svg>\n<p class=\"visually-hidden\">")
        html.append(escaped: notAllTier1.isEmpty
            ? "Every day with data was entirely on tier 1."
            : "Days not entirely on tier 1: " + notAllTier1.joined(separator: "; ") + ".")
        html.append("</p>\n")
        return String(decoding: html.bytes, as: UTF8.self)
    }

    /// `75.0% tier 1, 25.0% lower tier`: tier 1 always, the other parts when there were any (most
    /// days of most agents are all tier 1, and a thousand agent pages carry 30 of these each).
    static func describe(_ seconds: TierSeconds) -> String {
        guard seconds.covered > 0 else { return "no data" }
        var parts = ["\(percent(seconds.tier1Share)) tier 1"]
        if seconds.lower > 0 { parts.append("\(percent(seconds.lowerShare)) lower tier") }
        if seconds.paused > 0 { parts.append("\(percent(seconds.pausedShare)) paused") }
        return parts.joined(separator: ", ")
    }

    /// `12.5`, `16`: one decimal, none when it is 0, without Foundation's formatter (a thousand agent
    /// pages would feel it).
    private static func tenths(_ value: Double) -> String {
        let tenths = Int(max(0, value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    private static func bar(_ html: inout HTMLBytes, x: Int, y: Double, height: Double, class name: StaticString) {
        html.append("<rect class=\"")
        html.append(name)
        html.append("\" x=\"")
        html.append(raw: String(x))
        html.append("\" y=\"")
        html.append(raw: tenths(y))
        html.append("\" width=\"")
        html.append(raw: String(barWidth))
        html.append("\" height=\"")
        html.append(raw: tenths(height))
        html.append("\"/>")
    }
}
