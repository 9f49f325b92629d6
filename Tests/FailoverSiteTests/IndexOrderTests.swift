import FailoverCore
@testable import FailoverSite
import Foundation
import Testing

/// The fleet page puts what needs a person first, groups agents by type with counts, and folds the
/// healthy ones away when the fleet is large.
@Suite struct IndexOrderTests {
    static let t0 = RenderedFleet.t0

    /// Config order is deliberately unlike the urgency order; `planner` (all healthy) comes first.
    static let yaml = """
        agent_types:
          planner:
            provider: anthropic
            model: claude-opus-4-1
            instances: [planner-1]
          coder:
            instances: [healthy, tier2-late, exhausted, tier2-soon, paused, tier3]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
              - { provider: ollama, model: "qwen3-coder:30b" }
            failover: { cooldown: 15m, on_exhausted: pause }
        control:
          paused: { paused: true }
        """

    static func scriptedFleet() throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: yaml)
        try fleet.cycle(at: t0 - .hours(2))
        try fleet.record([
            ("exhausted", t0 - .minutes(50), .auth), ("exhausted", t0 - .minutes(49), .auth), ("exhausted", t0 - .minutes(48), .auth),
            ("tier3", t0 - .minutes(30), .auth), ("tier3", t0 - .minutes(20), .auth),
            // Cooldowns of 15m: tier2-soon's ends at 10:05, tier2-late's at 10:10.
            ("tier2-soon", t0 - .minutes(10), .rateLimit),
            ("tier2-late", t0 - .minutes(5), .rateLimit),
        ], now: t0)
        try fleet.render()
        return fleet
    }

    /// The agents' names in the order their rows appear.
    static func order(_ html: String) -> [String] {
        IndexRowTests.rows(in: html).compactMap { row in
            row.firstRange(of: #"<a href="agents/"#).flatMap { start in
                let rest = row[start.upperBound...]
                return rest.firstRange(of: ".html").map { String(rest[..<$0.lowerBound]) }
            }
        }
    }

    @Test func rowsRunFromExhaustedToHealthyWithTypesInUrgencyOrder() throws {
        let index = try Self.scriptedFleet().text("index.html")
        #expect(Self.order(index) == ["exhausted", "paused", "tier3", "tier2-soon", "tier2-late", "healthy", "planner-1"])
    }

    @Test func groupHeadersCountEachType() throws {
        let index = try Self.scriptedFleet().text("index.html")
        #expect(index.contains(#"<section class="fleet-group" id="type-coder">"# + "\n" + #"<h2 class="group-head">coder · 6 agents · 2 paused (1 needs a reset) · 3 degraded · 1 on tier 1</h2>"#))
        #expect(index.contains(#"<h2 class="group-head">planner · 1 agent · 1 on tier 1</h2>"#))
        #expect(index.contains("2 paused (1 needs a reset) · 3 degraded"), "the banner counts the same")
        #expect(!index.contains("<details"), "a fleet of 7 is not folded")
    }

    @Test func orderIsStableAmongEquallyUrgentAgents() throws {
        // Two exhausted agents and two degraded on the same tier with the same cooldown end: config order.
        let fleet = try RenderedFleet(yaml: Self.yaml.replacingOccurrences(of: "control:\n  paused: { paused: true }", with: ""))
        try fleet.cycle(at: Self.t0 - .hours(2))
        let at = Self.t0 - .minutes(10)
        try fleet.record([
            ("tier3", at, .auth), ("tier3", at, .auth), ("tier3", at, .auth),
            ("exhausted", at, .auth), ("exhausted", at, .auth), ("exhausted", at, .auth),
            ("tier2-soon", at, .auth), ("tier2-late", at, .auth),
        ], now: Self.t0)
        try fleet.render()
        #expect(Self.order(try fleet.text("index.html")) == ["exhausted", "tier3", "tier2-late", "tier2-soon", "healthy", "paused", "planner-1"])
    }

    /// `count` coders, the first of them stepped down.
    static func bigFleet(_ count: Int) throws -> String {
        let fleet = try RenderedFleet(yaml: """
            agent_types:
              coder:
                instances: [\((1...count).map { "coder-\($0)" }.joined(separator: ", "))]
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                  - { provider: deepseek, model: deepseek-chat }
            """)
        try fleet.cycle(at: t0 - .hours(1))
        try fleet.record([("coder-\(count)", t0 - .minutes(1), .auth)], now: t0)
        try fleet.render()
        return try fleet.text("index.html")
    }

    @Test func aLargeFleetFoldsItsHealthyAgentsUnderTheirCount() throws {
        let index = try Self.bigFleet(FleetGroups.collapseAbove + 1)
        let healthy = FleetGroups.collapseAbove
        let folded = try #require(index.firstRange(of: #"<details class="healthy">"#).map { index[$0.lowerBound...] })
        let details = try #require(folded.firstRange(of: "</details>").map { String(folded[..<$0.upperBound]) })
        #expect(details.hasPrefix(#"<details class="healthy"><summary>\#(healthy) on tier 1, running normally</summary>"#))
        #expect(Self.order(details).count == healthy, "every healthy agent is in the fold")
        #expect(!details.contains("coder-\(healthy + 1).html"), "the degraded agent stays outside it")
        #expect(Self.order(index).first == "coder-\(healthy + 1)")
        #expect(index.contains("on tier 1 are folded under their count"))
    }

    @Test func aFleetAtTheThresholdIsNotFolded() throws {
        let index = try Self.bigFleet(FleetGroups.collapseAbove)
        #expect(!index.contains("<details"))
        #expect(Self.order(index).count == FleetGroups.collapseAbove)
    }
}
