import FailoverCore
import Foundation

/// The budget page's chart of one type's tokens per UTC hour over the hours the usage window touches,
/// as an inline SVG (no script). The threshold is a budget for the whole window, so it is drawn as the
/// pace that spends it evenly (threshold ÷ the window's hours): an hour whose bar crosses the dashed
/// line spent faster than the budget allows over the window. A window of `all` is shown as its last
/// 30 days, without a line (nothing is enforced).
enum UsageChartHTML {
    static let width = 600.0
    static let height = 120.0
    /// The longest stretch charted: 720 bars still fit the width.
    static let longest = TimeSpan.days(30)

    /// The first hour charted.
    static func start(window: TimeSpan?, now: Timestamp) -> Timestamp {
        Timestamp(seconds: UsageChartHTML.floorHour((now - min(window ?? longest, longest)).seconds))
    }

    static func floorHour(_ seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / 3600 * 3600 : (seconds - 3599) / 3600 * 3600
    }

    /// Tokens per hour the threshold allows when spent evenly over the window; nil without one.
    static func pace(threshold: Int?, window: TimeSpan?) -> Double? {
        guard let threshold, let window, window.seconds > 0 else { return nil }
        return Double(threshold) / (Double(window.seconds) / 3600)
    }

    /// The svg and its text equivalent: `hours` holds tokens by hour start (missing hours are 0).
    static func chart(type: String, hours: [Int64: Int], threshold: Int?, window: TimeSpan?, now: Timestamp) -> String {
        let first = start(window: window, now: now).seconds
        let last = floorHour(now.seconds)
        let starts = Array(stride(from: first, through: max(first, last), by: 3600))
        let values = starts.map { hours[$0] ?? 0 }
        let pace = pace(threshold: threshold, window: window)
        let peak = values.max() ?? 0
        let top = max(Double(peak), pace ?? 0, 1) * 1.1
        let step = width / Double(max(starts.count, 1))
        let gap = starts.count <= 60 ? step * 0.2 : 0
        var html = HTMLBytes(capacity: 400 + starts.count * 110)
        let peakIndex = values.firstIndex(of: peak)
        var label = "\(type): tokens per UTC hour, \(starts.count) hours from \(Format.time(Timestamp(seconds: first))); peak \(Format.number(peak))"
        if let peakIndex, peak > 0 { label += " at \(Format.time(Timestamp(seconds: starts[peakIndex])))" }
        if let pace {
            let above = values.filter { Double($0) > pace }.count
            label += "; even pace for the threshold \(Format.number(Int(saturating: pace.rounded()))) tokens an hour, \(above) hour(s) above it"
        }
        html.append("<svg class=\"usage-chart\" viewBox=\"0 0 600 120\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
        html.append(escaped: label)
        html.append("\">\n")
        for (index, (hour, value)) in zip(starts, values).enumerated() {
            let barHeight = Double(value) / top * height
            html.append("<rect")
            if let pace, Double(value) > pace { html.append(" class=\"over\"") }
            html.append(" x=\"")
            html.append(raw: format(Double(index) * step))
            html.append("\" y=\"")
            html.append(raw: format(height - barHeight))
            html.append("\" width=\"")
            html.append(raw: format(step - gap))
            html.append("\" height=\"")
            html.append(raw: format(barHeight))
            html.append("\" data-tokens=\"")
            html.append(raw: String(value))
            html.append("\"><title>")
            html.append(raw: Format.time(Timestamp(seconds: hour)))
            html.append(": ")
            html.append(raw: Format.number(value))
            html.append(" tokens</title></rect>\n")
        }
        if let pace {
            let y = format(height - pace / top * height)
            html.append("<line class=\"threshold\" x1=\"0\" x2=\"600\" y1=\"")
            html.append(raw: y)
            html.append("\" y2=\"")
            html.append(raw: y)
            html.append("\" data-tokens-per-hour=\"")
            html.append(raw: String(Int(saturating: pace.rounded())))
            html.append("\"><title>threshold ÷ window: ")
            html.append(raw: Format.number(Int(saturating: pace.rounded())))
            html.append(" tokens an hour</title></line>\n")
        }
        html.append("</svg>\n<p class=\"chart-axis muted\"><span>")
        html.append(raw: Format.time(Timestamp(seconds: first)))
        html.append("</span><span>peak ")
        html.append(raw: Format.number(peak))
        html.append(" tokens/h")
        if let pace {
            html.append(" · dashed: threshold spread evenly, ")
            html.append(raw: Format.number(Int(saturating: pace.rounded())))
            html.append(" tokens/h")
        }
        html.append("</span><span>now</span></p>\n")
        return String(decoding: html.bytes, as: UTF8.self)
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
