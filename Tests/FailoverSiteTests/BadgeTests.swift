import FailoverCore
import Foundation
import Testing

/// `badges/*.json` in shields.io's endpoint format, with the message and colour each fleet state gives.
@Suite struct BadgeTests {
    static let expected: [FleetState: (message: String, color: String)] = [
        .healthy: ("3/3 on tier 1", "brightgreen"),
        .degraded: ("1 degraded", "yellow"),
        .paused: ("2 paused", "red"),
        .allPaused: ("3 paused", "red"),
    ]

    /// shields.io rejects an endpoint response without these, or with other types.
    static func badge(_ fleet: RenderedFleet, _ path: String) throws -> [String: Any] {
        let badge = try fleet.json(path)
        #expect(Set(badge.keys) == ["schemaVersion", "label", "message", "color"], "\(path)")
        #expect(badge["schemaVersion"] as? Int == 1, "\(path)")
        #expect(badge["label"] is String && badge["message"] is String && badge["color"] is String, "\(path)")
        return badge
    }

    @Test(arguments: FleetState.allCases)
    func theFleetAndTypeBadgesSayHowTheAgentsStand(_ state: FleetState) throws {
        let fleet = try state.rendered()
        let expected = try #require(Self.expected[state])
        let whole = try Self.badge(fleet, "badges/fleet.json")
        #expect(whole["label"] as? String == "fleet")
        #expect(whole["message"] as? String == expected.message)
        #expect(whole["color"] as? String == expected.color)
        let type = try Self.badge(fleet, "badges/coder.json")
        #expect(type["label"] as? String == "coder")
        #expect(type["message"] as? String == expected.message && type["color"] as? String == expected.color, "one type: the same verdict")
        #expect(try fleet.files()["badges/fleet.json.gz"] != nil)
    }

    @Test func pausedAndDegradedTogetherNameBoth() throws {
        let fleet = try FleetState.paused.rendered()
        try fleet.record([("c1", FleetState.t0 + .minutes(1), .rateLimit)], now: FleetState.t0 + .minutes(1))
        try fleet.render(at: FleetState.t0 + .minutes(1))
        #expect(try Self.badge(fleet, "badges/fleet.json")["message"] as? String == "2 paused, 1 degraded")
    }

    /// Type names are safe file names (the rule agent pages follow), but `fleet` is the fleet's own badge.
    @Test func aTypeNamedFleetDoesNotOverwriteTheFleetBadge() throws {
        let fleet = try FleetState.degraded.rendered(typeName: "fleet")
        #expect(try Self.badge(fleet, "badges/fleet.json")["label"] as? String == "fleet")
        let type = try Self.badge(fleet, "badges/types/fleet.json")
        #expect(type["message"] as? String == "1 degraded")
        #expect(try fleet.files().keys.filter { $0.hasPrefix("badges/") && !$0.hasSuffix(".gz") }.sorted() == ["badges/fleet.json", "badges/types/fleet.json"])
    }
}
