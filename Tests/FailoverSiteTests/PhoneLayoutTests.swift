import Foundation
import Testing

/// What keeps a phone (375 px) from breaking identifiers letter by letter and dates at hyphens. The
/// look itself is checked by eye in Chromium screenshots; these pin the markup and rules it rests on.
@Suite struct PhoneLayoutTests {
    static func css() throws -> String {
        try String(contentsOfFile: RenderedFleet.repositoryRoot + "/site/style.css", encoding: .utf8)
    }

    @Test func theConfigPagesIdentifiersBreakOnlyBetweenThem() throws {
        let fleet = try RenderedFleet()
        try fleet.render()
        let config = try fleet.text("config.html")
        #expect(config.contains(#"<dd><span class="id">coder-1</span>, <span class="id">coder-2</span></dd>"#))
        #expect(config.contains(#"<span class="id">anthropic</span> · <span class="id">claude-sonnet-4-5</span>"#))
        // The providers table becomes a card per provider, each value under its column's name.
        let providers = try #require(config.firstMatch(of: /<table class="plain cards">(.*?)<\/table>/.dotMatchesNewlines()))
        let cells = providers.output.1.matches(of: /<td( data-label="[^"]+")?>/)
        #expect(cells.count == 8, "anthropic and deepseek, four cells each")
        #expect(cells.allSatisfy { $0.output.1 != nil }, "every cell names its column")
    }

    @Test func theStylesheetNeverSqueezesIdentifiersOrBreaksTimes() throws {
        let css = try Self.css()
        let rules = css.replacing(/\/\*.*?\*\//.dotMatchesNewlines(), with: "").split(separator: "}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        // overflow-wrap: anywhere shrinks a table column to one letter; only free text may have it.
        for rule in rules where rule.contains("overflow-wrap: anywhere") {
            #expect(rule.hasPrefix(".events td:nth-child(5)"), "\(rule)")
        }
        #expect(rules.contains { $0.hasPrefix("time, .ago, .countdown {") && $0.contains("white-space: nowrap") }, "no date breaks at its hyphens")
        #expect(rules.contains { $0.hasPrefix(".id {") && $0.contains("display: inline-block") })
        #expect(css.contains("table.cards thead { display: none; }"))
    }
}
