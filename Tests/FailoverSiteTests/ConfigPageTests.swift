import Foundation
import Testing

/// config.html says what each type's policy does, not only what the file says: a chain of one never
/// moves, and a budget that is only tracked says so.
@Suite struct ConfigPageTests {
    /// The card of `type` on config.html.
    static func card(_ type: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "<h3>\(type) "))
        return html[start.lowerBound...].components(separatedBy: "</section>")[0]
    }

    @Test func aChainOfOneShowsNoPolicyAndABudgetSaysWhetherItIsEnforced() throws {
        let fleet = try RenderedFleet(yaml: """
            service: { usage_window: 24h }
            agent_types:
              coder:
                instances: [coder-1]
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                  - { provider: deepseek, model: deepseek-chat }
                failover: { triggers: [auth, token_budget] }
                usage_threshold_tokens: 1000
              reviewer:
                instances: [reviewer-1]
                provider_chain:
                  - { provider: anthropic, model: claude-opus-4-1 }
                  - { provider: openrouter, model: anthropic/claude-opus-4.1 }
                failover: { triggers: [auth, rate_limit], outage_after: 2, cooldown: 10m }
                usage_threshold_tokens: 5000
              planner:
                provider: anthropic
                model: claude-opus-4-1
                instances: [planner-1]
                usage_threshold_tokens: 9000
            """)
        try fleet.render()
        let config = try fleet.text("config.html")
        let coder = try Self.card("coder", in: config)
        #expect(coder.contains("<dt>At the end</dt>") && coder.contains("<dt>Triggers</dt><dd>auth, token_budget</dd>"))
        #expect(coder.contains(#"1,000 tokens <span class="muted">Enforced: instances step down when usage goes over the threshold.</span>"#))
        let reviewer = try Self.card("reviewer", in: config)
        #expect(reviewer.contains("Tracked only: token_budget is not among this type&#39;s triggers."))
        #expect(reviewer.contains("<dt>Outage step</dt><dd>the others follow once 2 instances leave one provider within 10m</dd>"))
        #expect(coder.contains("<dt>Outage step</dt><dd>off: each instance moves on its own failures</dd>"))
        let planner = try Self.card("planner", in: config)
        #expect(planner.contains("<dt>Failover</dt><dd>none: a chain of one never moves</dd>"))
        #expect(!planner.contains("At the end") && !planner.contains("Triggers") && !planner.contains("Cooldown") && !planner.contains("Outage step"))
        #expect(planner.contains("Tracked only: a one-entry chain has nowhere to step down to."))
    }
}
