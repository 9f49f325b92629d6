import FailoverCore
import Foundation
import Testing

/// "Is this page current?" answered without script: every page says at its top when it was built,
/// and reloads itself every `service.refresh`.
@Suite struct FreshnessTests {
    static func fleet(refresh: String?) throws -> RenderedFleet {
        let yaml = refresh.map { RenderedFleet.yaml.replacingOccurrences(of: "service:\n", with: "service:\n  refresh: \($0)\n") } ?? RenderedFleet.yaml
        let fleet = try RenderedFleet(yaml: yaml)
        try fleet.simulate()
        try fleet.render()
        return fleet
    }

    static func pages(_ fleet: RenderedFleet) throws -> [(path: String, html: String)] {
        try fleet.files().filter { $0.key.hasSuffix(".html") }.map { ($0.key, String(decoding: $0.value, as: UTF8.self)) }.sorted { $0.path < $1.path }
    }

    /// The content of the page's refresh tag, if it has one in its head.
    static func refresh(_ html: String) -> String? {
        let head = html.components(separatedBy: "</head>")[0]
        return head.firstMatch(of: /<meta http-equiv="refresh" content="([^"]*)">/).map { String($0.output.1) }
    }

    /// The line between the header and the page's content.
    static func generatedLine(_ html: String) -> String? {
        guard let header = html.range(of: "</header>"), let main = html.range(of: "<main", range: header.upperBound..<html.endIndex) else { return nil }
        return html[header.upperBound..<main.lowerBound].firstMatch(of: /<p class="generated">(.*?)<\/p>/).map { String($0.output.1) }
    }

    @Test func everyPageShowingTheFleetReloadsAtTheConfiguredInterval() throws {
        let fleet = try Self.fleet(refresh: "45s")
        let pages = try Self.pages(fleet)
        var reloading: [String] = []
        for (path, html) in pages {
            if Self.generatedLine(html)?.hasPrefix("Archived page") == true || path.hasPrefix("docs/") || path == "404.html" {
                #expect(Self.refresh(html) == nil, "\(path) shows nothing that goes stale: a reload would only lose the reader's place")
            } else {
                #expect(Self.refresh(html) == "45", "\(path)")
                reloading.append(path)
            }
        }
        #expect(Set(["index.html", "budget.html", "config.html", "events/index.html", "events/2026-11-24.html",
                     "agents/coder-1.html", "agents/coder-2.html", "agents/reviewer-1.html"]).isSubset(of: reloading), "\(reloading)")
        #expect(pages.contains { $0.path == "events/2026-11-23.html" } && !reloading.contains("events/2026-11-23.html"), "yesterday is archived")
    }

    @Test func theDefaultIsAMinute() throws {
        let fleet = try Self.fleet(refresh: nil)
        #expect(Self.refresh(try fleet.text("index.html")) == "60")
        #expect(Self.refresh(try fleet.text("agents/coder-1.html")) == "60")
    }

    @Test func zeroTurnsTheTagOff() throws {
        let fleet = try Self.fleet(refresh: "0s")
        for (path, html) in try Self.pages(fleet) {
            #expect(Self.refresh(html) == nil && !html.contains("<meta http-equiv"), "\(path)")
        }
        #expect(try fleet.text("config.html").contains("<th scope=\"row\"><code>refresh</code></th><td>off</td>"))
    }

    @Test func everyPageSaysAtItsTopWhenItWasBuilt() throws {
        let fleet = try Self.fleet(refresh: nil)
        let stamp = #"<time datetime="2026-11-24T10:00:00Z" data-ago>2026-11-24 10:00 UTC</time>"#
        for (path, html) in try Self.pages(fleet) {
            let line = try #require(Self.generatedLine(html), "\(path) has no generation time under its header")
            let live = html.contains("<body data-generated=\"2026-11-24T10:00:00Z\" data-root=\"\(path.contains("/") ? "../" : "")\" data-live")
            // A kept page (not archived) leaves room for the script to say when the site itself was updated.
            let kept = !live && path != "events/2026-11-23.html"
            #expect(line.hasSuffix(kept ? stamp + #"<span id="site-note"></span>"# : stamp), "\(path): \(line)")
            if path == "events/2026-11-23.html" {
                #expect(line.hasPrefix("Archived page, generated "), "\(path)")
            } else if live {
                #expect(line.hasPrefix("Generated "), "\(path)")
            } else {
                #expect(line.hasPrefix("Page updated "), "\(path): a kept page says when it last changed, not when the site did")
            }
        }
        for live in ["index.html", "budget.html", "config.html", "events/index.html"] {
            #expect(try Self.generatedLine(fleet.text(live))?.hasPrefix("Generated ") == true, "\(live) is rebuilt by every render")
        }
        #expect(try Self.generatedLine(fleet.text("agents/coder-1.html"))?.hasPrefix("Page updated ") == true)
    }

    @Test func aKeptPageSaysWhenItLastChangedAndALivePageMovesWithEachRender() throws {
        let fleet = try Self.fleet(refresh: nil)
        try fleet.render(at: RenderedFleet.t0 + .minutes(7))
        #expect(try Self.generatedLine(fleet.text("index.html"))?.contains("2026-11-24 10:07 UTC") == true)
        #expect(try Self.generatedLine(fleet.text("agents/coder-1.html"))?.contains("2026-11-24 10:00 UTC") == true,
                "nothing about coder-1 changed, so its page was kept")
    }

    /// What the script needs to judge a page (`PageScriptTests` runs it).
    @Test func pagesTellTheScriptWhetherTheyAreLiveAndWhenTheyWereBuilt() throws {
        let fleet = try Self.fleet(refresh: nil)
        #expect(try fleet.text("index.html").contains("data-live"))
        #expect(try !fleet.text("agents/coder-1.html").contains("data-live"), "a kept page never reloads itself by script")
        #expect(try fleet.json("heartbeat.json")["generated_at"] as? String == "2026-11-24T10:00:00Z")
    }
}
