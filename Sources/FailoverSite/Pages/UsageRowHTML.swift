import FailoverCore
import Foundation

/// The budget page's table of one type's instances and their usage over the window, written as
/// bytes like the fleet and event rows: at 1,000 agents a Mustache loop would cost more than the page.
/// Each row carries the anchor an agent page links to (`budget.html#agent-coder-1`).
enum UsageRowHTML {
    /// Where a type's table goes in the rendered page.
    static func placeholder(_ index: Int) -> String { "\u{1}failover-usage-rows-\(index)\u{1}" }

    static func table(_ instances: [BudgetPage.InstanceUsage]) -> [UInt8] {
        var html = HTMLBytes(capacity: 240 + instances.count * 180)
        // Four columns, input and output under the total: six did not fit a phone's width.
        html.append("<div class=\"usage-scroll\"><table class=\"usage\">\n  <thead><tr><th scope=\"col\">Instance</th><th scope=\"col\">Tokens <small>in · out</small></th><th scope=\"col\">Tasks</th><th scope=\"col\">Failed</th></tr></thead>\n  <tbody>\n")
        for instance in instances {
            html.append("<tr id=\"")
            html.append(escaped: BudgetPage.anchor(AgentID(instance.agent)))
            html.append("\"><th scope=\"row\"><a href=\"agents/")
            html.append(escaped: instance.agent)
            html.append(".html\">")
            html.append(escaped: instance.agent)
            html.append("</a></th><td>")
            html.append(raw: Format.number(instance.inputTokens.addingSaturating(instance.outputTokens)))
            html.append("<small>")
            html.append(raw: Format.number(instance.inputTokens))
            html.append(" · ")
            html.append(raw: Format.number(instance.outputTokens))
            html.append("</small></td><td>")
            html.append(raw: Format.number(instance.tasks))
            html.append("</td><td>")
            html.append(raw: Format.number(instance.failures))
            html.append("</td></tr>\n")
        }
        html.append("  </tbody>\n</table></div>\n")
        return html.bytes
    }
}
