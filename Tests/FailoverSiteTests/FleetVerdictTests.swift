import Foundation
import Testing

/// `status.json`'s `fleet`: the fleet page's banner and the counts behind it, so a monitor need not
/// derive a verdict of its own.
@Suite struct FleetVerdictTests {
    static let expected: [FleetState: (level: String, counts: [String: Int])] = [
        .healthy: ("ok", ["agents": 3, "on_tier1": 3, "degraded": 0, "paused": 0, "exhausted": 0, "operator_paused": 0]),
        .degraded: ("warn", ["agents": 3, "on_tier1": 2, "degraded": 1, "paused": 0, "exhausted": 0, "operator_paused": 0]),
        .paused: ("alert", ["agents": 3, "on_tier1": 1, "degraded": 0, "paused": 2, "exhausted": 1, "operator_paused": 1]),
        .allPaused: ("alert", ["agents": 3, "on_tier1": 0, "degraded": 0, "paused": 3, "exhausted": 0, "operator_paused": 3]),
    ]

    @Test(arguments: FleetState.allCases)
    func theFleetObjectSaysWhatTheBannerSays(_ state: FleetState) throws {
        let rendered = try state.rendered()
        let status = try rendered.json("status.json")
        #expect(status["schema_version"] as? Int == 5)
        let fleet = try #require(status["fleet"] as? [String: Any])
        let expected = try #require(Self.expected[state])
        #expect(fleet["level"] as? String == expected.level)
        for (key, count) in expected.counts { #expect(fleet[key] as? Int == count, "\(key)") }
        #expect(Set(fleet.keys) == Set(expected.counts.keys).union(["level", "text", "outage"]), "every key, always")
        #expect(fleet["outage"] is NSNull)
        let text = try #require(fleet["text"] as? String)
        let index = try rendered.text("index.html")
        #expect(index.contains(#"<p class="headline">\#(text)</p>"#), "the banner's own words: \(text)")
        #expect(index.contains(#"<section class="banner banner-\#(expected.level)""#), "the banner's level")
        #expect(try rendered.json("heartbeat.json")["schema_version"] as? Int == 5)
    }
}
