import FailoverCore
@testable import FailoverSite
import Foundation
import Testing

/// The fleet table's marks, each checked inside its own agent's row: the events list on the same page
/// also shows ⛽ and ✕, so a check against the whole page would pass with a mark missing from a row.
@Suite struct IndexRowTests {
    /// Every row of the fleet tables on index.html (one or two per agent type), from `<tr` to
    /// before `</tr>`, in page order.
    static func rows(in html: String) -> [String] {
        html.components(separatedBy: #"<table class="agents">"#).dropFirst().flatMap { table in
            (table.components(separatedBy: "</table>").first ?? "").components(separatedBy: "</tr>").filter { $0.contains("<td") }
        }
    }

    /// `agent`'s row of the fleet tables on index.html.
    static func row(_ agent: String, in html: String) throws -> String {
        let found = rows(in: html).filter { $0.contains(#"<a href="agents/\#(agent).html">"#) }
        try #require(found.count == 1, "\(agent) has \(found.count) rows")
        return found[0]
    }

    @Test func theFuelMarkIsInTheRowOfTheAgentTheBudgetMoved() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let index = try fleet.text("index.html")
        // coder-2's success at 09:55 took the type over its budget; coder-1 was moved by auth.
        #expect(try Self.row("coder-2", in: index).contains(#"<span class="fuel" role="img" aria-label="moved off tier 1 by the token budget""#))
        #expect(try Self.row("coder-2", in: index).contains(#"title="Moved off tier 1 by the token budget"><svg"#), "drawn, not an emoji")
        #expect(try !Self.row("coder-1", in: index).contains("class=\"fuel\""))
        #expect(try !Self.row("reviewer-1", in: index).contains("class=\"fuel\""))
    }

    @Test func thePausedCrossIsInThePausedAgentsRow() throws {
        let fleet = try RenderedFleet(yaml: RenderedFleet.yaml.replacingOccurrences(of: "ghost: { paused: true }", with: "reviewer-1: { paused: true }"))
        try fleet.simulate()
        try fleet.render()
        let index = try fleet.text("index.html")
        let reviewer = try Self.row("reviewer-1", in: index)
        #expect(reviewer.contains(#"<tr class="is-paused is-operator">"#))
        #expect(reviewer.contains(#"<span class="tier tier-paused" role="img" aria-label="Paused by the operator on tier 1 of 1, anthropic/claude-opus-4-1""#))
        #expect(reviewer.contains(#"title="Paused by the operator on tier 1 of 1, anthropic/claude-opus-4-1"><svg"#), "a drawn cross")
        for agent in ["coder-1", "coder-2"] {
            #expect(try !Self.row(agent, in: index).contains("tier-paused"), "\(agent) is not paused")
        }
    }

    @Test func anAgentTheBudgetHoldsSaysSoInsteadOfACountdown() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        // coder-2's success at 09:55 took coder over its 1,000 tokens: it is held on tier 2.
        let row = try Self.row("coder-2", in: fleet.text("index.html"))
        #expect(row.contains(#"<td class="why">Held: <a href="budget.html#type-coder">its type is over budget</a></td>"#))
        #expect(!row.contains("data-countdown"))
        #expect(try fleet.text("budget.html").contains(#"id="type-coder""#), "the link lands on the type's budget")
    }

    @Test func theCooldownCellCountsDownInItsAgentsRowUntilItPasses() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        // A budget the fleet is under: nothing holds coder-2 but its cooldown.
        try fleet.edit(yaml: RenderedFleet.yaml.replacingOccurrences(of: "usage_threshold_tokens: 1000", with: "usage_threshold_tokens: 1000000"))
        try fleet.render()
        var index = try fleet.text("index.html")
        // coder-2 stepped down at 09:55 with a 15m cooldown: still ahead at 10:00.
        #expect(try Self.row("coder-2", in: index).contains(
            #"<td class="cooldown"><span class="muted">Cooldown ends</span> <time datetime="2026-11-24T10:10:00Z" data-countdown>2026-11-24 10:10 UTC</time></td>"#))
        // coder-1's cooldown ended yesterday: its next success brings it back; reviewer-1 never left tier 1.
        #expect(try Self.row("coder-1", in: index).contains(#"<td class="why"><span class="muted">Cooldown over: back on its next success</span></td>"#))
        #expect(try Self.row("reviewer-1", in: index).contains(#"<td class="cooldown none"><span class="muted">–</span></td>"#))
        for agent in ["coder-1", "reviewer-1"] {
            #expect(try !Self.row(agent, in: index).contains("data-countdown"), "\(agent)")
        }
        try fleet.render(at: RenderedFleet.t0 + .minutes(11))
        index = try fleet.text("index.html")
        #expect(try !Self.row("coder-2", in: index).contains("data-countdown"), "a passed cooldown is not counted down")
        #expect(try Self.row("coder-2", in: index).contains("Cooldown over"))
    }

    @Test func aLongModelNameCutShortIsWholeInItsCellsTooltip() throws {
        let fleet = try RenderedFleet(yaml: """
            agent_types:
              coder:
                instances: [short, long]
                provider: anthropic
                model: claude-sonnet-4-5
              reviewer:
                instances: [long-1]
                provider: openrouter
                model: anthropic/claude-opus-4.1-with-a-long-suffix
            """)
        try fleet.cycle(at: RenderedFleet.t0)
        try fleet.render()
        let index = try fleet.text("index.html")
        #expect(try Self.row("short", in: index).contains(#"<td class="provider">anthropic · <span class="id">claude-sonnet-4-5</span></td>"#))
        #expect(try Self.row("long-1", in: index).contains(
            #"<td class="provider" title="openrouter/anthropic/claude-opus-4.1-with-a-long-suffix">openrouter · <span class="id">anthropic/claude-opus-4.1-with-a-long-suffix</span></td>"#))
    }
}
