import FailoverCore
@testable import FailoverSite
import Foundation
import Testing

@Suite struct SiteRenderTests {
    @Test func everyPageAndExportIsWritten() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let report = try fleet.render()
        let files = try fleet.files()
        for path in ["index.html", "budget.html", "config.html", "status.json", "feed.json", "heartbeat.json", "style.css", "site.js", "favicon.svg",
                     "agents/coder-1.html", "agents/coder-1.json", "agents/coder-2.html", "agents/reviewer-1.html",
                     "events/index.html", "events/2026-11-23.html", "events/2026-11-24.html",
                     "docs/index.html", "docs/operations.html", "docs/config.html", "docs/failover.html", "docs/exports.html"] {
            #expect(files[path] != nil, "\(path) missing")
        }
        #expect(report.files == files.keys.filter { !$0.hasSuffix(".gz") && $0 != SiteManifest.fileName }.count)
    }

    @Test func everyTextFileHasAGzipTwin() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let files = try fleet.files()
        for (path, data) in files where [".html", ".json", ".css", ".js"].contains(where: path.hasSuffix) && path != SiteManifest.fileName {
            let gz = try #require(files[path + ".gz"], "\(path).gz missing")
            let restored = try gunzip(gz)
            #expect(restored == data, "\(path).gz does not decompress to \(path)")
        }
    }

    @Test func theIndexShowsStateAtAGlance() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let index = try fleet.text("index.html")
        #expect(index.contains("2 degraded · 1 on tier 1"))
        #expect(index.contains("1 config warning"))
        // coder-1 stepped to tier 2 after auth: glyph, accessible label, tooltip, cooldown as absolute UTC.
        #expect(index.contains(#"<span class="tier tier-2" role="img" aria-label="Tier 2 of 2, deepseek/&lt;img src=x onerror=alert(1)&gt;; last failure: auth""#))
        // coder-2's budget overrun at 09:55 is later than coder-1's cooldown: it shows the fuel mark.
        #expect(index.contains(#"<span class="fuel" role="img""#))
        #expect(index.contains("data-stale-after=\"900\""))
        #expect(index.contains(#"<body data-generated="2026-11-24T10:00:00Z""#))
    }

    @Test func pausedAgentsShowACross() throws {
        let fleet = try RenderedFleet(yaml: RenderedFleet.yaml.replacingOccurrences(of: "ghost: { paused: true }", with: "reviewer-1: { paused: true }"))
        try fleet.simulate()
        try fleet.render()
        let index = try fleet.text("index.html")
        #expect(index.contains(#"aria-label="Paused by the operator on tier 1 of 1, anthropic/claude-opus-4-1""#))
        #expect(index.contains(#"<span class="tier tier-paused" role="img""#))
        #expect(index.contains("banner-alert"))
    }

    @Test func untrustedTextIsEscapedAndNoSecretReachesAnyFile() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        for (path, data) in try fleet.files() where !path.hasSuffix(".gz") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(RenderedFleet.sentinel), "\(path) contains the secret")
            #expect(!text.contains("deepseek-fixture-key"), "\(path) contains a key")
            // metrics.prom is Prometheus text, served as text/plain: a label carries the model
            // verbatim (the format escapes only \\, " and line feeds), which is what a scraper must see.
            if path == "metrics.prom" { continue }
            #expect(!text.contains("<script>alert"), "\(path) contains injected script")
            #expect(!text.contains("<img src=x"), "\(path) contains injected markup")
            #expect(!text.contains("<b>status</b>"), "\(path) contains injected markup")
        }
        #expect(try fleet.text("metrics.prom").contains(#"model="<img src=x onerror=alert(1)>"} 2"#), "the model, as a label value")
        // The escaped message is still readable.
        #expect(try fleet.text("agents/coder-1.html").contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"))
    }

    @Test func statusJSONHasTheDocumentedShape() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let status = try fleet.json("status.json")
        #expect(status["schema_version"] as? Int == 5)
        #expect(status["generated_at"] as? String == "2026-11-24T10:00:00Z")
        let agents = try #require(status["agents"] as? [[String: Any]])
        #expect(agents.map { $0["name"] as? String } == ["coder-1", "coder-2", "reviewer-1"])
        let keys: Set<String> = ["name", "type", "mode", "tier", "tiers", "paused", "pause_reason", "dispatchable", "provider", "model", "cooldown_until",
                                 "last_failure_kind", "last_failure_at", "last_event_at", "flap_count", "cooldown_seconds", "retry_after_seconds", "held", "host"]
        for agent in agents { #expect(Set(agent.keys) == keys) }
        #expect(agents.allSatisfy { $0["host"] is NSNull }, "a fleet under one dispatcher places no agent on a host")
        let coder1 = agents[0]
        #expect(coder1["tier"] as? Int == 2 && coder1["tiers"] as? Int == 2 && coder1["last_failure_kind"] as? String == "auth")
        #expect(coder1["cooldown_until"] as? String == "2026-11-23T14:15:00Z", "shown while above tier 1, even once passed")
        #expect(agents[2]["cooldown_until"] is NSNull, "tier 1 has no cooldown")
        let types = try #require(status["types"] as? [[String: Any]])
        #expect(types.map { $0["name"] as? String } == ["coder", "reviewer"])
        let budget = try #require(types[0]["budget"] as? [String: Any])
        #expect(budget["threshold_tokens"] as? Int == 1000 && budget["window"] as? String == "24h" && budget["used_tokens"] as? Int == 1100)
        #expect((budget["ratio"] as? Double).map { abs($0 - 1.1) < 1e-9 } == true)
        #expect(budget["enforced"] as? Bool == true)
        let policy = try #require(types[0]["failover"] as? [String: Any])
        #expect(policy["cooldown"] as? String == "15m" && policy["on_exhausted"] as? String == "pause" && policy["server_error_after"] as? Int == 3)
        #expect(policy["backoff"] as? Double == 2 && policy["max_cooldown_seconds"] as? Int == 4 * 3600)
        #expect(policy["outage_after"] is NSNull, "off unless set")
        #expect((types[1]["budget"] as? [String: Any])?["threshold_tokens"] is NSNull)
        let chain = try #require(types[0]["chain"] as? [[String: Any]])
        #expect(chain.map { $0["provider"] as? String } == ["anthropic", "deepseek"])
    }

    @Test func feedJSONIsAJSONFeed() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let feed = try fleet.json("feed.json")
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(feed["title"] as? String == "Fleet <b>status</b> & more: failover events")
        #expect(feed["home_page_url"] as? String == "https://status.example.com/index.html")
        #expect(feed["feed_url"] as? String == "https://status.example.com/feed.json")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(!items.isEmpty && items.count <= 100)
        let ids = items.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == items.count, "ids are unique")
        for item in items {
            #expect(item["title"] is String && item["content_text"] is String)
            #expect((item["date_published"] as? String).flatMap(Timestamp.init(rfc3339:)) != nil)
            #expect((item["tags"] as? [String])?.isEmpty == false)
        }
        let step = try #require(items.first { ($0["tags"] as? [String])?.contains("step_down") == true && ($0["tags"] as? [String])?.contains("coder-1") == true })
        #expect(step["url"] as? String == "https://status.example.com/agents/coder-1.html")
        #expect((step["title"] as? String)?.contains("Stepped down ①→② (auth)") == true)
        // Ids are stable from one render to the next.
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        let again = try #require(try fleet.json("feed.json")["items"] as? [[String: Any]])
        #expect(again.compactMap { $0["id"] as? String } == ids)
    }

    @Test func agentJSONHoldsStateChainAndEvents() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let agent = try fleet.json("agents/coder-1.json")
        #expect(agent["schema_version"] as? Int == 5)
        #expect((agent["agent"] as? [String: Any])?["tier"] as? Int == 2)
        let chain = try #require(agent["chain"] as? [[String: Any]])
        #expect(chain.map { $0["active"] as? Bool } == [false, true])
        let events = try #require(agent["events"] as? [[String: Any]])
        #expect(events.map { $0["kind"] as? String } == ["step_down", "created"])
        #expect(agent["usage"] == nil, "usage moves with the clock: it is in status.json")
        #expect(agent["generated_at"] == nil, "an agent file changes only when the agent does")
        #expect(try !fleet.text("agents/coder-1.json").trimmingCharacters(in: .newlines).contains("\n"), "agent exports are compact")
        #expect(try fleet.text("status.json").contains("\n  \"agents\""), "status.json is indented")
    }

    @Test func pagesAreCompleteHTML5() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        for (path, data) in try fleet.files() where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"), "\(path)")
            #expect(html.contains("<meta name=\"viewport\""), "\(path)")
            #expect(html.contains("<title>") && html.contains("</html>"), "\(path)")
            #expect(html.contains("data-ago>"), "\(path) says when it was generated")
            #expect(!html.contains("http://") || path.hasPrefix("docs/"), "\(path) loads nothing from elsewhere")
            #expect(HTMLBalance.problems(html).isEmpty, "\(path): \(HTMLBalance.problems(html))")
        }
    }

    @Test func theBalanceCheckAcceptsOnlyTheEndTagsHTMLImplies() {
        #expect(HTMLBalance.problems("<table><tbody><tr><td>a<td>b\n<tr class=minor><td>c\n</tbody></table>").isEmpty)
        #expect(HTMLBalance.problems("<table><tr><th>a</th><td>b</td></tr></table>").isEmpty)
        #expect(HTMLBalance.problems("<table><tbody><tr><td><span>a<td>b</tbody></table>").first == "</tbody> closes <span>", "a span left open in a cell")
        #expect(!HTMLBalance.problems("<div><p>a</div>").isEmpty)
    }

    @Test func aBrokenTemplateOverrideFailsBeforeAnythingIsPublished() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let before = try fleet.text("index.html")
        let templates = fleet.folder + "/templates"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try "{{#unclosed}}".write(toFile: templates + "/index.mustache", atomically: true, encoding: .utf8)
        #expect { try fleet.render(at: RenderedFleet.t0 + .minutes(5), templates: templates) } throws: { error in
            "\(error)".contains("index.mustache")
        }
        #expect(try fleet.text("index.html") == before)
    }

    @Test func specsRenderWithTablesAndWithoutRawHTML() {
        let html = Markdown.html("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\nsee [x](failover.md#state)")
        #expect(html.contains("<table>"))
        #expect(!html.contains("<script>"))
        #expect(DocsPage.linkingSiblings(html).contains("href=\"failover.html#state\""))
        #expect(Markdown.title(of: "intro\n# The `title`\n") == "The title")
    }
}

/// A small check that every non-void element is closed in order: enough to catch a broken template.
/// Table cells and rows may end where HTML ends them without an end tag (the day archive's rows
/// do): a cell at the next cell, row or end of its table section, a row at the next row or the end
/// of its section. Any other element left open inside them is still reported.
enum HTMLBalance {
    static let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "!doctype"]
    static let cells: Set<String> = ["td", "th"]
    static let sections: Set<String> = ["tbody", "thead", "tfoot", "table"]

    static func problems(_ html: String) -> [String] {
        var stack: [String] = []
        var problems: [String] = []
        /// Ends an open cell, and then an open row, as the next tag implies.
        func endImplied(cell: Bool, row: Bool) {
            if cell, let last = stack.last, cells.contains(last) { stack.removeLast() }
            if row, stack.last == "tr" { stack.removeLast() }
        }
        let body = html.replacing(/<script[^>]*>.*?<\/script>/.dotMatchesNewlines(), with: "<script></script>")
        for match in body.matches(of: /<(\/?)([a-zA-Z!][a-zA-Z0-9-]*)[^>]*?(\/?)>/) {
            let name = match.output.2.lowercased()
            if void.contains(name) || match.output.3 == "/" { continue }
            if match.output.1 == "/" {
                endImplied(cell: name == "tr" || sections.contains(name), row: sections.contains(name))
                guard stack.last == name else {
                    problems.append("</\(name)> closes <\(stack.last ?? "nothing")>")
                    continue
                }
                stack.removeLast()
            } else {
                endImplied(cell: cells.contains(name) || name == "tr", row: name == "tr")
                stack.append(name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        return problems
    }
}

/// Issue 11: nothing on an agent's page or in its JSON moves with the clock, so the turn of an hour
/// rebuilds only the live files; usage is on the budget page and in status.json, exact to the render.
@Suite struct HourTurnTests {
    @Test func aTurnOfTheHourWithNoEventRebuildsNoAgentFile() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render(at: RenderedFleet.t0 + .minutes(10))
        try fleet.render(at: RenderedFleet.t0 + .minutes(20))
        let before = try fleet.files()
        try fleet.render(at: RenderedFleet.t0 + .minutes(75))
        let after = try fleet.files()
        let changed = Set(after.keys.filter { after[$0] != before[$0] && !$0.hasSuffix(".gz") })
        #expect(!changed.contains { $0.hasPrefix("agents/") }, "\(changed.sorted())")
        #expect(changed.contains("budget.html") && changed.contains("status.json"), "the hour's usage moved there: \(changed.sorted())")
    }

    @Test func usageIsOnTheBudgetPageAndInStatusJSONExactToTheRender() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render(at: RenderedFleet.t0)
        // coder-2 ran 900 in and 200 out five minutes before t0 (SiteFixtures.simulate).
        let usage = try #require(try fleet.json("status.json")["usage"] as? [String: Any])
        #expect(usage["window"] as? String == "24h" && usage["through"] as? String == "2026-11-24T10:00:00Z")
        let coder2 = try #require((usage["agents"] as? [String: Any])?["coder-2"] as? [String: Any])
        #expect(coder2["input_tokens"] as? Int == 900 && coder2["output_tokens"] as? Int == 200 && coder2["tasks"] as? Int == 1)
        let budget = try fleet.text("budget.html")
        let row = try #require(budget.range(of: #"<tr id="agent-coder-2">"#).map { String(budget[$0.lowerBound...].prefix(300)) })
        #expect(row.contains("1,100") && row.contains("900") && row.contains("200"), "\(row)")
        let page = try fleet.text("agents/coder-2.html")
        #expect(page.contains(#"href="../budget.html#agent-coder-2""#))
    }
}
