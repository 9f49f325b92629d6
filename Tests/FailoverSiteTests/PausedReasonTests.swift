import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// An exhausted chain and an operator's pause look different everywhere, say what brings the agent
/// back, and the edit they offer works when pasted into the config.
@Suite struct PausedReasonTests {
    static let t0 = RenderedFleet.t0

    static let yaml = """
        agent_types:
          coder:
            instances: [spent, held, moved, fine]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, on_exhausted: pause }
        control:
          held: { paused: true }
        """

    /// `spent` ran out of chain at 09:10, `held` is paused by the operator, `moved` is on tier 2 since 09:55.
    static func scriptedFleet() throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: yaml)
        try fleet.cycle(at: t0 - .hours(1))
        try fleet.record([("spent", t0 - .minutes(55), .auth), ("spent", t0 - .minutes(50), .auth), ("moved", t0 - .minutes(5), .rateLimit)], now: t0)
        try fleet.render()
        return fleet
    }

    /// HTML text back to what it says: the snippets are shown escaped.
    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#34;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The YAML under an agent page's heading `title` in its control section.
    static func snippet(_ title: String, in page: String) throws -> String {
        let heading = try #require(page.firstRange(of: "<h3>\(title)</h3>\n<pre class=\"yaml\"><code>"))
        let rest = page[heading.upperBound...]
        return unescaped(String(rest[..<(try #require(rest.firstRange(of: "</code>"))).lowerBound]))
    }

    @Test func theFleetRowsTellAnExhaustedChainFromAnOperatorsPause() throws {
        let index = try Self.scriptedFleet().text("index.html")
        let spent = try IndexRowTests.row("spent", in: index)
        #expect(spent.contains(#"<tr class="is-paused is-exhausted">"#))
        #expect(spent.contains(#"aria-label="Paused, chain exhausted, on tier 2 of 2, deepseek/deepseek-chat; last failure: auth; needs a reset""#))
        #expect(spent.contains("<strong>Chain exhausted</strong>: needs a reset"))
        #expect(!spent.contains("data-countdown"), "its cooldown would bring nothing back")
        let held = try IndexRowTests.row("held", in: index)
        #expect(held.contains(#"<tr class="is-paused is-operator">"#))
        #expect(held.contains(#"aria-label="Paused by the operator on tier 1 of 2, anthropic/claude-sonnet-4-5""#))
        #expect(held.contains("Paused by the operator") && !held.contains("reset"))
        #expect(try IndexRowTests.row("moved", in: index).contains("data-countdown"), "a degraded agent counts down")
    }

    @Test func theAgentPageSaysWhyAndShowsNoCountdownForAnExhaustedChain() throws {
        let fleet = try Self.scriptedFleet()
        let spent = try fleet.text("agents/spent.html")
        #expect(spent.contains(#"<h2 id="why">Paused: chain exhausted, needs a reset</h2>"#))
        #expect(spent.contains(#"It stepped off the last tier of its chain at <time datetime="2026-11-24T09:10:00Z">"#), "\(spent)")
        #expect(spent.contains("</time> (auth). It will not come back by itself"), "no outage step on this type, so none is offered as the cause")
        #expect(spent.contains("<dt>Back to tier 1</dt><dd><strong>needs a reset</strong>"))
        #expect(!spent.contains("data-countdown"))
        #expect(spent.contains("<dt>Tier</dt><dd>2 of 2, paused: chain exhausted</dd>"))
        let held = try fleet.text("agents/held.html")
        #expect(held.contains(#"<h2 id="why">Paused by the operator</h2>"#))
        #expect(held.contains("<code>control.held.paused: true</code>"))
        #expect(!held.contains("needs a reset"))
        #expect(!(try fleet.text("agents/fine.html")).contains(#"id="why""#))
    }

    /// With the outage step on, an exhausted instance may have been moved off its last tier by the
    /// others' failures: the page does not claim its own chain failed.
    @Test func anExhaustedPageNamesTheOutageStepWhereItCouldHaveMovedIt() throws {
        let fleet = try RenderedFleet(yaml: Self.yaml.replacingOccurrences(of: "on_exhausted: pause }", with: "on_exhausted: pause, outage_after: 2 }"))
        try fleet.cycle(at: Self.t0 - .hours(1))
        try fleet.record([("spent", Self.t0 - .minutes(55), .auth), ("spent", Self.t0 - .minutes(50), .auth)], now: Self.t0)
        try fleet.render()
        let spent = try fleet.text("agents/spent.html")
        #expect(spent.contains("(auth): its own failure, or the outage step when enough of its type left that provider, as the events below say."))
    }

    @Test func onlyTheTierInUseIsActiveAndAPausedTierIsPausedHere() throws {
        let fleet = try Self.scriptedFleet()
        let pill = #"<strong class="pill">active</strong>"#
        let moved = try fleet.text("agents/moved.html")
        #expect(moved.components(separatedBy: pill).count == 2, "one active tier")
        #expect(moved.contains(#"<li class="active" aria-current="true"><span class="tier-number"><span class="visually-hidden">Tier </span>2</span> deepseek · deepseek-chat \#(pill)</li>"#))
        #expect(!moved.contains("paused here"))
        for (agent, tier) in [("spent", 2), ("held", 1)] {
            let page = try fleet.text("agents/\(agent).html")
            #expect(!page.contains(pill), "\(agent) is paused: no tier is active")
            #expect(!page.contains("aria-current=\"true\""), "\(agent)")
            #expect(page.contains(#"<ol class="chain" data-paused-tier="\#(tier)">"#), "\(agent)")
            #expect(page.contains(#"<strong class="pill pill-paused">paused here</strong> on tier \#(tier)"#), "\(agent)")
        }
    }

    @Test func statusAndAgentJSONCarryThePauseReason() throws {
        let fleet = try Self.scriptedFleet()
        let agents = try #require(try fleet.json("status.json")["agents"] as? [[String: Any]])
        let reasons = Dictionary(uniqueKeysWithValues: agents.map { ($0["name"] as? String ?? "", $0["pause_reason"]) })
        #expect(reasons["spent"] as? String == "exhausted")
        #expect(reasons["held"] as? String == "operator")
        #expect(reasons["moved"] is NSNull && reasons["fine"] is NSNull)
        #expect(try fleet.json("status.json")["schema_version"] as? Int == 5)
        #expect((try fleet.json("agents/spent.json")["agent"] as? [String: Any])?["pause_reason"] as? String == "exhausted")
        #expect((try fleet.json("agents/held.json")["agent"] as? [String: Any])?["pause_reason"] as? String == "operator")
    }

    @Test func theOfferedYAMLIsExactAndBringsTheAgentBackWhenPasted() throws {
        let fleet = try Self.scriptedFleet()
        let spent = try fleet.text("agents/spent.html")
        // The reset value is the agent's newest event's time: exhausted at 09:10.
        let reset = try Self.snippet("Reset to tier 1", in: spent)
        #expect(reset == "control:\n  spent: { reset: \"2026-11-24T09:10:00Z\" }")
        #expect(spent.range(of: "<h3>Reset to tier 1</h3>")!.lowerBound < spent.range(of: "<h3>Unpause</h3>")!.lowerBound, "the reset comes first")
        #expect(try Self.snippet("Pause", in: spent) == "control:\n  spent: { paused: true }")
        let held = try fleet.text("agents/held.html")
        #expect(try Self.snippet("Unpause", in: held) == "control:\n  held: { paused: false }")
        let heldReset = try Self.snippet("Reset to tier 1", in: held)
        #expect(heldReset.hasPrefix("control:\n  held: { paused: false, reset: \""), "a reset under paused: true would leave it paused")

        // Pasted over the config's control section, the offered edits bring both agents back.
        let pasted = Self.yaml.replacingOccurrences(of: "control:\n  held: { paused: true }", with: reset + "\n" + (try Self.snippet("Unpause", in: held)).replacingOccurrences(of: "control:\n", with: ""))
        try fleet.edit(yaml: pasted)
        try fleet.cycle(at: Self.t0 + .minutes(1))
        let states = try fleet.store().read { try $0.states() }
        #expect(states["spent"]?.tier == 1 && states["spent"]?.paused == false)
        #expect(states["held"]?.paused == false)
        try fleet.render(at: Self.t0 + .minutes(1))
        #expect(try !fleet.text("agents/spent.html").contains(#"id="why""#))
    }

    @Test func theFuelMarkGoesWhenTheBudgetStepIsRecoveredAndTheFailureBecomesHistory() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        #expect(try IndexRowTests.row("coder-2", in: fleet.text("index.html")).contains(#"<span class="fuel""#), "stepped down by the budget at 09:55")
        #expect(try fleet.text("agents/coder-2.html").contains(#"<span class="fuel""#))
        // Its cooldown ends at 10:10; while the type is over budget a success after it holds
        // coder-2 on tier 2 (specs/token-budget.md, "The hold").
        try fleet.record([("coder-2", RenderedFleet.t0 + .minutes(11), .success)], now: RenderedFleet.t0 + .minutes(11))
        #expect(try fleet.store().read { try $0.states() }["coder-2"]?.tier == 2, "held over budget")
        // Under a raised threshold the next success brings it back to tier 1.
        try fleet.edit(yaml: RenderedFleet.yaml.replacingOccurrences(of: "usage_threshold_tokens: 1000", with: "usage_threshold_tokens: 5000"))
        let later = RenderedFleet.t0 + .minutes(12)
        try fleet.record([("coder-2", RenderedFleet.t0 + .minutes(12), .success)], now: later)
        try fleet.render(at: later)
        let row = try IndexRowTests.row("coder-2", in: fleet.text("index.html"))
        #expect(row.contains("tier tier-1"))
        #expect(!row.contains("fuel"))
        let page = try fleet.text("agents/coder-2.html")
        #expect(!page.contains(#"<span class="fuel""#))
        #expect(page.contains(#"<dt>Last failure</dt><dd><span class="muted past-failure">token budget at <time datetime="2026-11-24T09:55:00Z">2026-11-24 09:55 UTC</time>, recovered since</span></dd>"#))
        #expect(!page.contains("by the token budget"), "no mark says the budget holds it")
    }
}
