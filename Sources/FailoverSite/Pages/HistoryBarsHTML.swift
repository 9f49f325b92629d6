import FailoverCore
import Foundation

/// "How flaky has it been?" as markup: 30 day bars in an inline SVG (no script), each stacked by the
/// day's share of time on tier 1, on a lower tier and paused, with the tier-1 percentages beside it.
/// Used by agent pages, the budget page (per type), and the providers page (per provider).
///
/// Colours come from classes that `site/style.css` maps to the theme's variables, so the chart reads
/// in light and dark. A screen reader gets the svg's label (the headline numbers) and a visually
/// hidden list of every day (or run of alike days) not all on tier 1: the bars' titles are only tooltips.
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

    /// Where an agent page's chart is spliced in as bytes (`chartBytes`).
    static let placeholder = "\u{1}failover-history-bars\u{1}"

    static let barWidth = 8
    static let barGap = 2
    static let height = 32

    /// The percentages as name/value pairs for a template. With `instances`, a span the instances
    /// did not cover whole says how much of it the figure is over: a week-old agent's "30 days" is a
    /// week's worth, and should not read like a month's.
    static func rates(_ history: TierHistory, names: SpanNames, instances: Int? = nil) -> [[String: Any]] {
        TierHistory.Span.allCases.map { span in
            let seconds = history.seconds(over: span)
            var rate: [String: Any] = ["label": names.name(span), "value": percent(seconds.tier1Share)]
            if let instances, instances > 0, seconds.covered > 0, seconds.covered < Int64(span.days) * 86_400 * Int64(instances) {
                rate["coverage"] = "over " + Format.span(seconds.covered / Int64(instances)) + " of data"
            }
            return rate
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
        String(decoding: chartBytes(history, subject: subject, names: names), as: UTF8.self)
    }

    /// The same as bytes, for an agent page to splice in: a thousand agent pages are rebuilt at
    /// every day turn, and the chart was a fifth of each page's bytes.
    ///
    /// Compact, since most of a day's markup used to be geometry: every coloured part of every bar
    /// is one subpath of one `<path>` per colour, and each run of days that look the same (no data,
    /// or all on one standing) is one `<rect>` carrying one `<title>` for the run. A day that mixes
    /// standings gets its own rect and its exact percentages. The rects lie on top: their title is
    /// the tooltip wherever the pointer is on the bar, and `site/style.css` makes the ones without
    /// a colour of their own transparent and masks the gaps between days back into a run.
    static func chartBytes(_ history: TierHistory, subject: String, names: SpanNames) -> [UInt8] {
        var html = HTMLBytes(capacity: 4_000)
        let width = history.days.count * (barWidth + barGap) - barGap
        let month = percent(history.seconds(over: .month).tier1Share)
        html.append("<svg class=\"history-bars\" viewBox=\"0 0 ")
        html.append(raw: String(width))
        html.append(" ")
        html.append(raw: String(height))
        html.append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
        html.append(escaped: "\(subject): time on tier 1 by UTC day, \(history.days.count) days; \(names.month): \(month)")
        html.append("\">\n")
        let runs = DayRun.runs(history)
        // Stacked from the bottom: tier 1, then lower, then paused on top.
        var parts: [[UInt8]] = [[], [], []]
        for run in runs where run.look == .mixed {
            let seconds = run.seconds
            let x = run.first * (barWidth + barGap)
            var top = Double(height)
            for (index, share) in [seconds.tier1Share, seconds.lowerShare, seconds.pausedShare].enumerated() {
                let size = (share ?? 0) * Double(height)
                guard size > 0 else { continue }
                top -= size
                subpath(&parts[index], x: x, y: max(0, top), height: size)
            }
        }
        for (index, name) in (["h1", "h2", "hp"] as [StaticString]).enumerated() where !parts[index].isEmpty {
            html.append("<path class=\"")
            html.append(name)
            html.append("\" d=\"")
            html.append(bytes: parts[index])
            html.append("\"/>\n")
        }
        let starts = history.dayStarts
        var notAllTier1: [UInt8] = []
        for run in runs {
            html.append("<rect")
            if let name = run.look.className {
                html.append(" class=\"")
                html.append(name)
                html.append("\"")
            }
            html.append(" x=\"")
            html.append(raw: String(run.first * (barWidth + barGap)))
            html.append("\" width=\"")
            html.append(raw: String(run.count * (barWidth + barGap) - barGap))
            html.append("\" height=\"")
            html.append(raw: String(height))
            html.append("\"><title>")
            let label = run.label(starts)
            html.append(raw: label)
            html.append("</title></rect>\n")
            if run.look != .tier1, run.look != .noData {
                notAllTier1.append(contentsOf: notAllTier1.isEmpty ? Array("Days not entirely on tier 1: ".utf8) : Array("; ".utf8))
                notAllTier1.append(contentsOf: label.utf8)
            }
        }
        html.append("</svg>\n<p class=\"visually-hidden\">")
        if notAllTier1.isEmpty {
            html.append("Every day with data was entirely on tier 1.")
        } else {
            html.append(bytes: notAllTier1)
            html.append(".")
        }
        html.append("</p>\n")
        return html.bytes
    }

    /// Consecutive days drawn alike: one day when it mixes standings, else as long as the look holds.
    struct DayRun: Equatable {
        enum Look: Equatable {
            case noData, tier1, lower, paused, mixed

            init(_ seconds: TierSeconds) {
                let covered = seconds.covered
                self = covered == 0 ? .noData : seconds.tier1 == covered ? .tier1 : seconds.lower == covered ? .lower
                    : seconds.paused == covered ? .paused : .mixed
            }

            /// Its colour when the whole run is one (`site/style.css`); a mixed day is drawn by the paths.
            var className: StaticString? {
                switch self {
                case .noData: "hn"
                case .tier1: "h1"
                case .lower: "h2"
                case .paused: "hp"
                case .mixed: nil
                }
            }
        }

        var first: Int
        var count: Int
        var look: Look
        /// The first day's seconds: every day of a run of more than one reads the same.
        var seconds: TierSeconds

        static func runs(_ history: TierHistory) -> [DayRun] {
            var runs: [DayRun] = []
            for (index, seconds) in history.days.enumerated() {
                let look = Look(seconds)
                if look != .mixed, let last = runs.last, last.look == look, last.first + last.count == index {
                    runs[runs.count - 1].count += 1
                } else {
                    runs.append(DayRun(first: index, count: 1, look: look, seconds: seconds))
                }
            }
            return runs
        }

        /// `2026-11-22: 75.0% tier 1, 25.0% lower tier`, or `2026-10-25 – 2026-11-20: no data` for a run.
        func label(_ starts: [Timestamp]) -> String {
            let days = count == 1 ? starts[first].utcDay : "\(starts[first].utcDay) – \(starts[first + count - 1].utcDay)"
            return days + ": " + HistoryBarsHTML.describe(seconds)
        }
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

    /// `M280 8h8v24h-8`: one bar part, closed by the fill; the next `M` starts the next one.
    private static func subpath(_ path: inout [UInt8], x: Int, y: Double, height: Double) {
        path.append(UInt8(ascii: "M"))
        path.append(contentsOf: String(x).utf8)
        path.append(0x20)
        path.append(contentsOf: tenths(y).utf8)
        path.append(contentsOf: "h\(barWidth)v".utf8)
        path.append(contentsOf: tenths(height).utf8)
        path.append(contentsOf: "h-\(barWidth)".utf8)
    }
}
