import FailoverCore
import Foundation
import Testing

/// providers.html and the banner against a scripted ledger: failovers inside and outside the last
/// hour and day, recoveries, and agents on each tier now.
@Suite struct ProvidersPageTests {
    static let t0 = RenderedFleet.t0

    static let yaml = """
        agent_types:
          coder:
            instances: [c1, c2, c3, c4]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
              - { provider: ollama, model: "qwen3-coder:30b" }
          reviewer:
            instances: [r1, r2]
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
              - { provider: openrouter, model: anthropic/claude-opus-4.1 }
        """

    static func scriptedFleet() throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: yaml)
        try fleet.cycle(at: t0 - .hours(40))
        try fleet.record([
            // More than a day ago: c4 failed away from anthropic and came back.
            ("c4", t0 - .hours(30), .auth), ("c4", t0 - .hours(29), .success),
            // Today, before the last hour: c1 failed away from anthropic and came back.
            ("c1", t0 - .hours(5), .rateLimit), ("c1", t0 - .hours(4), .success),
            // The last hour: three agents leave anthropic; c2 then leaves deepseek too.
            ("c2", t0 - .minutes(40), .rateLimit), ("c3", t0 - .minutes(30), .rateLimit), ("r1", t0 - .minutes(20), .auth),
            ("c2", t0 - .minutes(10), .rateLimit),
        ], now: t0)
        try fleet.render()
        return fleet
    }

    /// A provider's section of providers.html.
    static func section(_ provider: String, in html: String) throws -> String {
        let start = try #require(html.firstRange(of: #"<section class="card provider" id="provider-\#(provider)">"#))
        let rest = html[start.lowerBound...]
        return String(rest[..<(try #require(rest.firstRange(of: "</section>"))).upperBound])
    }

    /// The `<dd>` after `<dt>term</dt>` in a section.
    static func fact(_ term: String, in section: String) throws -> String {
        let start = try #require(section.firstRange(of: "<dt>\(term)</dt><dd>"))
        let rest = section[start.upperBound...]
        return String(rest[..<(try #require(rest.firstRange(of: "</dd>"))).lowerBound])
    }

    @Test func eachProviderSaysWhoRunsOnItAndWhoFailedAwayFromItWhen() throws {
        let page = try Self.scriptedFleet().text("providers.html")
        let anthropic = try Self.section("anthropic", in: page)
        #expect(try Self.fact("In chains", in: anthropic) == "tier 1 of coder, reviewer")
        #expect(try Self.fact("Running on it now", in: anthropic).hasPrefix("3 "), "c1, c4 and r2")
        #expect(try Self.fact("Failed away, last hour", in: anthropic) == "<strong>3 agents</strong>: rate limit 2 · auth 1")
        #expect(try Self.fact("Failed away, last 24 h", in: anthropic) == "4 agents: rate limit 3 · auth 1", "c4's failure 30 h ago is not in the day")
        #expect(try Self.fact("Last failed", in: anthropic) == #"<time datetime="2026-11-24T09:40:00Z">2026-11-24 09:40 UTC</time>"#)
        #expect(try Self.fact("Last recovered to it", in: anthropic) == #"<time datetime="2026-11-24T06:00:00Z">2026-11-24 06:00 UTC</time>"#)

        let deepseek = try Self.section("deepseek", in: page)
        #expect(try Self.fact("Running on it now", in: deepseek).hasPrefix("1 "), "c3")
        #expect(try Self.fact("Failed away, last hour", in: deepseek) == "<strong>1 agent</strong>: rate limit 1")
        #expect(try Self.fact("Last recovered to it", in: deepseek) == "no chain starts here, so no agent recovers to it")

        let ollama = try Self.section("ollama", in: page)
        #expect(try Self.fact("Running on it now", in: ollama).hasPrefix("1 "), "c2")
        #expect(try Self.fact("Failed away, last 24 h", in: ollama) == "none")
        #expect(try Self.fact("Last failed", in: ollama) == "not in the last 24 h")

        let openrouter = try Self.section("openrouter", in: page)
        #expect(try Self.fact("Running on it now", in: openrouter).hasPrefix("1 "), "r1")
        #expect(try Self.fact("In chains", in: openrouter) == "tier 2 of reviewer")
    }

    @Test func theHourSlidesAndARepeatedFailoverCountsOncePerAgent() throws {
        let fleet = try Self.scriptedFleet()
        // c2 comes back to anthropic at 10:30 and leaves it again at 10:31.
        let now = Self.t0 + .minutes(31)
        try fleet.record([("c2", Self.t0 + .minutes(30), .success), ("c2", now, .rateLimit)], now: now)
        try fleet.render(at: now)
        let page = try fleet.text("providers.html")
        let anthropic = try Self.section("anthropic", in: page)
        // The hour is now 09:31 to 10:31: c2's and c3's failovers of 09:20 and 09:30 fell out of it.
        #expect(try Self.fact("Failed away, last hour", in: anthropic) == "<strong>2 agents</strong>: auth 1 · rate limit 1")
        #expect(try Self.fact("Failed away, last 24 h", in: anthropic) == "4 agents (5 failovers): rate limit 4 · auth 1")
        #expect(try Self.fact("Last failed", in: anthropic).contains(#"datetime="2026-11-24T10:31:00Z""#))
        #expect(try Self.fact("Last recovered to it", in: anthropic).contains(#"datetime="2026-11-24T10:30:00Z""#))
        #expect(try fleet.text("index.html").contains(">anthropic: 2 agents failed over in 51 min</a>"))
    }

    @Test func aRenderCountsEventsUpToItsOwnMomentAndNoLater() throws {
        let fleet = try Self.scriptedFleet()
        // At 09:49 c2's failover away from deepseek (09:50) has not happened yet; at 09:50 it has.
        try fleet.render(at: Self.t0 - .minutes(11))
        #expect(try Self.fact("Failed away, last hour", in: Self.section("deepseek", in: fleet.text("providers.html"))) == "none")
        try fleet.render(at: Self.t0 - .minutes(10))
        #expect(try Self.fact("Failed away, last hour", in: Self.section("deepseek", in: fleet.text("providers.html"))) == "<strong>1 agent</strong>: rate limit 1")
    }

    @Test func theBannerNamesTheProviderBehindMostOfTheLastHoursFailovers() throws {
        let fleet = try Self.scriptedFleet()
        let index = try fleet.text("index.html")
        // Three of the hour's four failovers left anthropic, from 09:20 to 09:40.
        #expect(index.contains(#"<p class="headline"><a href="providers.html#provider-anthropic">anthropic: 3 agents failed over in 20 min</a></p>"#))
        #expect(index.contains(#"<a href="providers.html">Failovers by provider</a>"#))
        #expect(index.contains(#"<a href="providers.html">Providers</a>"#), "in the nav")
        // Two hours on, none of them is in the last hour: no provider is named.
        try fleet.render(at: Self.t0 + .hours(2))
        #expect(try !fleet.text("index.html").contains("failed over in"))
    }

    @Test func theBannerNamesNoProviderWhenFailoversAreSplitOrBudgetSteps() throws {
        let fleet = try RenderedFleet(yaml: Self.yaml)
        try fleet.cycle(at: Self.t0 - .hours(1))
        try fleet.record([("c1", Self.t0 - .minutes(30), .auth), ("c1", Self.t0 - .minutes(20), .auth)], now: Self.t0)
        try fleet.render()
        #expect(try !fleet.text("index.html").contains("failed over"), "one failover from anthropic, one from deepseek: no majority")

        // Both coders stepped off anthropic within the hour, each by the type's budget.
        let budget = try RenderedFleet()
        try budget.cycle(at: RenderedFleet.t0 - .hours(1))
        try budget.record([("coder-1", RenderedFleet.t0 - .minutes(30), .heavySuccess), ("coder-2", RenderedFleet.t0 - .minutes(20), .heavySuccess)], now: RenderedFleet.t0)
        try budget.render()
        #expect(try Self.fact("Failed away, last hour", in: Self.section("anthropic", in: budget.text("providers.html"))) == "<strong>2 agents</strong>: token budget 2")
        #expect(try !budget.text("index.html").contains("failed over"), "a budget step says nothing about the provider")
    }

    @Test func theBannerNamesThePrimaryNotTheFallbacksItsOutageOverloaded() throws {
        // c1 and c2 lose anthropic, then each fallback fails in turn: six failovers, two of them from
        // anthropic. The fallbacks failed because the fleet rushed onto them; anthropic is the news.
        let fleet = try RenderedFleet(yaml: Self.yaml)
        try fleet.cycle(at: Self.t0 - .hours(1))
        try fleet.record([
            ("c1", Self.t0 - .minutes(30), .auth), ("c1", Self.t0 - .minutes(29), .rateLimit), ("c1", Self.t0 - .minutes(28), .rateLimit),
            ("c2", Self.t0 - .minutes(20), .auth), ("c2", Self.t0 - .minutes(19), .rateLimit), ("c2", Self.t0 - .minutes(18), .rateLimit),
        ], now: Self.t0)
        try fleet.render()
        #expect(try Self.fact("Failed away, last hour", in: Self.section("deepseek", in: fleet.text("providers.html"))) == "<strong>2 agents</strong>: rate limit 2")
        #expect(try fleet.text("index.html").contains(">anthropic: 2 agents failed over in 10 min</a>"))
    }

    @Test func oneAgentFailingOverIsNotTheFleetsHeadline() throws {
        let fleet = try RenderedFleet(yaml: Self.yaml)
        try fleet.cycle(at: Self.t0 - .hours(1))
        try fleet.record([("c1", Self.t0 - .minutes(30), .auth)], now: Self.t0)
        try fleet.render()
        #expect(try Self.fact("Failed away, last hour", in: Self.section("anthropic", in: fleet.text("providers.html"))) == "<strong>1 agent</strong>: auth 1")
        #expect(try !fleet.text("index.html").contains("failed over"))
        // A second agent off the same provider within the hour makes it the headline.
        try fleet.record([("c2", Self.t0 - .minutes(10), .auth)], now: Self.t0)
        try fleet.render()
        #expect(try fleet.text("index.html").contains(">anthropic: 2 agents failed over in 20 min</a>"))
    }
}
