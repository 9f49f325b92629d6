import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// Flap damping and the budget hold as the site shows them (specs/exports.md, schema 5): each
/// agent's `flap_count`, `cooldown_seconds`, `retry_after_seconds` and `held` in `status.json` and
/// `agents/<agent>.json`, read by Python's json, and the agent page's words.
@Suite struct FlapAndHoldSiteTests {
    static let t0 = RenderedFleet.t0

    static let yaml = """
        agent_types:
          coder:
            instances: [flappy, calm]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            failover: { cooldown: 15m, backoff: 2 }
        """

    /// `flappy` steps at 08:00, recovers at 08:15 and steps at 08:16 (flap 1, 30m), recovers at 08:46
    /// and steps at 08:47 with a Retry-After of two hours (flap 2: 1h, stretched to 2h). `calm` stepped once.
    static func flappingFleet() throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: yaml)
        try fleet.cycle(at: t0 - .hours(3))
        let limited = #""outcome":"error","status":429,"error_type":"rate_limit_error""#
        let lines = [
            ("flappy", t0 - .hours(2), limited), ("flappy", t0 - .minutes(105), #""outcome":"success""#),
            ("flappy", t0 - .minutes(104), limited), ("flappy", t0 - .minutes(74), #""outcome":"success""#),
            ("flappy", t0 - .minutes(73), limited + #","retry_after":7200"#), ("calm", t0 - .minutes(10), limited),
        ].map { #"{"agent":"\#($0.0)","at":"\#($0.1)",\#($0.2)}"# }
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: lines.joined(separator: "\n"), now: t0)
        try fleet.render()
        return fleet
    }

    /// Prints, per agent of `status.json`, the new fields and the same agent's from its own file.
    static let reader = #"""
        import json, sys
        status = json.load(open(sys.argv[1] + "/status.json"))
        assert status["schema_version"] == 5, status["schema_version"]
        out = {}
        for agent in status["agents"]:
            own = json.load(open(sys.argv[1] + "/agents/" + agent["name"] + ".json"))
            assert own["schema_version"] == 5 and own["agent"] == agent, agent["name"]
            for key in ("flap_count", "cooldown_seconds", "retry_after_seconds", "held"):
                assert key in agent, key
            assert isinstance(agent["held"], bool) and isinstance(agent["flap_count"], int)
            out[agent["name"]] = {k: agent[k] for k in ("flap_count", "cooldown_seconds", "retry_after_seconds", "held", "cooldown_until")}
        print(json.dumps(out))
        """#

    @Test func theExportsCarryTheFlapsTheStepsCooldownAndItsRetryAfter() throws {
        let fleet = try Self.flappingFleet()
        let agents = try #require(try PythonClient.run(Self.reader, [fleet.siteFolder]) as? [String: [String: Any]])
        let flappy = try #require(agents["flappy"])
        #expect(flappy["flap_count"] as? Int == 2)
        #expect(flappy["cooldown_seconds"] as? Int == 7200)
        #expect(flappy["retry_after_seconds"] as? Int == 7200)
        #expect(flappy["held"] as? Bool == false)
        #expect(flappy["cooldown_until"] as? String == "2026-11-24T10:47:00Z")
        let calm = try #require(agents["calm"])
        #expect(calm["flap_count"] as? Int == 0 && calm["cooldown_seconds"] as? Int == 900)
        #expect(calm["retry_after_seconds"] is NSNull)
    }

    @Test func theAgentPageSaysWhatStretchedTheCooldown() throws {
        let fleet = try Self.flappingFleet()
        let page = try fleet.text("agents/flappy.html")
        #expect(page.contains(#"<dt>Step cooldown</dt><dd>2h <span class="muted">(stretched for 2 flaps in a row; the provider asked for 7200s (Retry-After))</span></dd>"#), "\(page)")
        #expect(page.contains(#"<dt>Retry-After</dt><dd>7200s"#))
        #expect(page.contains(#"<dt>Flaps</dt><dd>2 flaps in a row <span class="muted">(a step from tier 1 within 15m of a recovery; each multiplies the cooldown by 2)</span></dd>"#))
        #expect(page.contains("flap 2, cooldown 1h (15m x 2^2); retry-after 7200s"), "the ledger detail in its events")
        let calm = try fleet.text("agents/calm.html")
        #expect(calm.contains(#"<dt>Step cooldown</dt><dd>15m <span class="muted">(as configured)</span></dd>"#))
        #expect(calm.contains("<dt>Flaps</dt><dd>0 flaps in a row"))
        #expect(!calm.contains("<dt>Retry-After</dt>"))
    }

    @Test func theConfigPageAndASingleEntryChainSayWhatDampingDoes() throws {
        let fleet = try RenderedFleet(yaml: Self.yaml.replacingOccurrences(of: "backoff: 2", with: "backoff: 1.5, max_cooldown: 2h") + """

              solo:
                provider: anthropic
                model: claude-opus-4-1
                instances: [solo-1]
            """)
        try fleet.cycle(at: Self.t0)
        try fleet.render()
        let config = try fleet.text("config.html")
        #expect(config.contains("<dt>Flap damping</dt><dd>each consecutive flap multiplies the cooldown by 1.5, up to 2h</dd>"), "\(config)")
        #expect(config.contains("(at most 2h however a provider's Retry-After or flaps stretch it)"))
        #expect(!(try fleet.text("agents/solo-1.html")).contains("<dt>Flaps</dt>"), "a chain of one never flaps")
        #expect(try fleet.text("agents/calm.html").contains("<dt>Flaps</dt>"))
    }

    @Test func anAgentTheBudgetHoldsIsHeldInTheExportsAndOnItsPage() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        // coder-2's success at 09:55 took coder over its 1,000 tokens: the budget holds it on tier 2, and
        // coder-1 too, though an auth failure moved it: over budget, nothing below tier 1 goes back.
        let agents = try #require(try PythonClient.run(Self.reader, [fleet.siteFolder]) as? [String: [String: Any]])
        #expect(agents["coder-2"]?["held"] as? Bool == true)
        #expect(agents["coder-1"]?["held"] as? Bool == true)
        #expect(agents["reviewer-1"]?["held"] as? Bool == false)
        let page = try fleet.text("agents/coder-2.html")
        #expect(page.contains(#"<h2 id="why">Held: its type is over budget</h2>"#))
        #expect(page.contains("(held: over budget; counts once its type is back under the threshold)"))
        #expect(!page.contains("data-countdown"), "no countdown that would not come true")
        #expect(try fleet.text("agents/coder-1.html").contains("Held: its type is over budget"))
        #expect(!(try fleet.text("agents/reviewer-1.html")).contains("Held: its type is over budget"), "reviewer has no budget")
    }

    /// The hold ends when the usage leaves the window: the agent page, kept until then, is rebuilt.
    @Test func theAgentPageIsRebuiltWhenTheHoldEnds() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        #expect(try fleet.text("agents/coder-2.html").contains("Held: its type is over budget"))
        try fleet.render(at: Self.t0 + .days(2))
        #expect(!(try fleet.text("agents/coder-2.html")).contains("Held: its type is over budget"))
        let own = try fleet.json("agents/coder-2.json")
        #expect((own["agent"] as? [String: Any])?["held"] as? Bool == false)
    }
}
