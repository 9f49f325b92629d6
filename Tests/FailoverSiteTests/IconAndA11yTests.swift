import FailoverCore
import Foundation
import Testing

/// The site's marks need no symbol or emoji font, and every accessible name sits where a screen
/// reader reads it.
@Suite struct IconAndA11yTests {
    /// A fleet with every mark on it: a degraded agent, a budget step and a paused agent.
    static func fleet() throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: RenderedFleet.yaml.replacingOccurrences(of: "ghost: { paused: true }", with: "reviewer-1: { paused: true }"))
        try fleet.simulate()
        try fleet.render()
        return fleet
    }

    static func pages(_ fleet: RenderedFleet) throws -> [(path: String, html: String)] {
        try fleet.files().filter { $0.key.hasSuffix(".html") }.map { ($0.key, String(decoding: $0.value, as: UTF8.self)) }.sorted { $0.path < $1.path }
    }

    /// Characters that render as an empty box on a machine without an emoji or symbol font.
    static let fontDependent: [Unicode.Scalar] = ["\u{26FD}", "\u{2715}", "\u{2460}", "\u{2461}", "\u{2462}", "\u{2463}"]

    @Test func noPageDrawsAMarkWithAFontDependentCharacter() throws {
        let fleet = try Self.fleet()
        var checked = 0
        // The specs rendered under docs/ quote the terminal's output (`failover status` prints ①②③ and
        // ✕), except the reading guide, which describes the site.
        for (path, html) in try Self.pages(fleet) where !path.hasPrefix("docs/") || path == "docs/operations.html" {
            let found = html.unicodeScalars.filter(Self.fontDependent.contains)
            #expect(found.isEmpty, "\(path) has \(String(String.UnicodeScalarView(found)))")
            checked += 1
        }
        #expect(checked >= 8)
    }

    @Test func theMarksAreDrawnAndNamed() throws {
        let fleet = try Self.fleet()
        let index = try fleet.text("index.html")
        // Tier: the digit, circled by the stylesheet.
        #expect(index.contains(#"<span class="tier tier-2" role="img" aria-label="Tier 2 of 2, deepseek/&lt;img src=x onerror=alert(1)&gt;; last failure: auth" title="Tier 2 of 2, deepseek/&lt;img src=x onerror=alert(1)&gt;; last failure: auth">2</span>"#))
        // Paused: an SVG cross sized by its attributes, hidden inside its named image.
        #expect(index.contains(#"title="Paused by the operator on tier 1 of 1, anthropic/claude-opus-4-1"><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">"#))
        // Budget: an SVG fuel pump.
        #expect(index.contains(#"<span class="fuel" role="img" aria-label="moved off tier 1 by the token budget" title="Moved off tier 1 by the token budget"><svg width="16" height="16""#))
        let agent = try fleet.text("agents/coder-2.html")
        #expect(agent.contains(#"<h1 class="agent-title"><span class="tier tier-2" role="img""#))
        #expect(agent.contains(#"<span class="fuel" role="img""#))
        #expect(agent.contains(#"<span class="tier-number"><span class="visually-hidden">Tier </span>1</span>"#), "the chain's tiers say what they are")
        let css = try String(contentsOfFile: RenderedFleet.repositoryRoot + "/site/style.css", encoding: .utf8)
        #expect(css.contains(".tier {") && css.contains("border-radius: 50%"), "the circle comes from the stylesheet")
    }

    /// `aria-label` names an element only when its role takes a name: a span or div without a role
    /// (a generic element) is skipped by screen readers, label and all.
    @Test func noLabelSitsOnAnElementWithoutARole() throws {
        let fleet = try Self.fleet()
        let tag = /<([a-z0-9]+)\b([^>]*)>/
        var labels = 0
        for (path, html) in try Self.pages(fleet) {
            for match in html.matches(of: tag) where match.output.2.contains("aria-label=") {
                labels += 1
                let name = String(match.output.1), attributes = match.output.2
                let named = ["nav", "svg", "a", "button", "section", "table", "img", "input"].contains(name) || attributes.contains("role=")
                #expect(named, "\(path): <\(name)\(attributes)>")
            }
        }
        #expect(labels > 5, "the check saw the site's labels")
    }

    @Test func eventRowsWriteTiersAsPlainText() throws {
        let fleet = try Self.fleet()
        let events = try fleet.text("events/index.html")
        #expect(events.contains("</td><td>1→2</td><td>"), "coder-1's step after auth")
        #expect(!events.contains("<span aria-label"))
        let yesterday = try fleet.text("events/2026-11-23.html")
        #expect(yesterday.contains("<td>1→2<td>"))
    }
}
