import FailoverCore
import Foundation
import Testing

/// `api/v2/summary.json` and `api/v2/status.json` read by Python's json and checked against the
/// shape Atlassian documents for Statuspage's public API v2, and the mapping of specs/exports.md
/// for each state of the scripted fleet.
@Suite struct StatuspageTests {
    /// Fails (exit 1, naming the field) on anything a Statuspage client could trip on; prints each
    /// component's status by id and the page's indicator.
    static let checker = #"""
        import json, sys, re
        from datetime import datetime
        summary = json.load(open(sys.argv[1] + "/api/v2/summary.json"))
        status = json.load(open(sys.argv[1] + "/api/v2/status.json"))
        def need(ok, what):
            if not ok: sys.exit("not Statuspage's shape: " + what)
        def time(value, what):
            need(isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), what + " is not an RFC 3339 UTC time")
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        need(set(summary) == {"page", "components", "incidents", "scheduled_maintenances", "status"}, "summary keys")
        need(set(status) == {"page", "status"}, "status keys")
        page = summary["page"]
        need(set(page) == {"id", "name", "url", "time_zone", "updated_at"}, "page keys")
        need(isinstance(page["id"], str) and page["id"] and isinstance(page["name"], str), "page id and name")
        need(page["url"] is None or page["url"].startswith("http"), "page url")
        need(page["time_zone"] == "Etc/UTC", "time_zone")
        time(page["updated_at"], "page.updated_at")
        need(status["page"] == page and status["status"] == summary["status"], "status.json is summary.json's page and status")
        need(set(summary["status"]) == {"indicator", "description"}, "status keys")
        need(summary["status"]["indicator"] in ("none", "minor", "major", "critical"), "indicator")
        need(isinstance(summary["status"]["description"], str), "description")
        need(summary["incidents"] == [] and summary["scheduled_maintenances"] == [], "incidents and maintenances are arrays")
        statuses = ["operational", "degraded_performance", "partial_outage", "major_outage"]
        ids = set()
        for position, c in enumerate(summary["components"], 1):
            need({"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
                  "group_id", "page_id", "group", "only_show_if_degraded"} <= set(c), "component keys")
            need(isinstance(c["id"], str) and c["id"] not in ids, "component ids unique")
            ids.add(c["id"])
            need(c["status"] in statuses, "component status " + str(c["status"]))
            time(c["created_at"], "created_at"); time(c["updated_at"], "updated_at")
            need(c["created_at"] <= c["updated_at"] <= page["updated_at"], "component times in order")
            need(c["position"] == position, "positions count from 1")
            need(c["page_id"] == page["id"] and c["group_id"] is None and c["group"] is False, "page and group")
            need(c["showcase"] is True and c["only_show_if_degraded"] is False, "showcase flags")
            need(isinstance(c["description"], str) and isinstance(c["name"], str), "name and description")
        worst = max((statuses.index(c["status"]) for c in summary["components"]), default=0)
        need(summary["status"]["indicator"] == ["none", "minor", "major", "critical"][worst], "indicator is the worst component's")
        print(json.dumps({"indicator": summary["status"]["indicator"], "description": summary["status"]["description"],
                          "page": page, "components": {c["id"]: c["status"] for c in summary["components"]},
                          "names": [c["name"] for c in summary["components"]]}))
        """#

    static func read(_ fleet: RenderedFleet) throws -> [String: Any] {
        try #require(try PythonClient.run(checker, [fleet.siteFolder]) as? [String: Any])
    }

    /// The type's component, anthropic's and deepseek's, and the page's indicator, per state.
    static let expected: [FleetState: (type: String, anthropic: String, deepseek: String, indicator: String)] = [
        .healthy: ("operational", "operational", "operational", "none"),
        // c1's tier 1 is anthropic and it runs elsewhere; deepseek serves it.
        .degraded: ("degraded_performance", "degraded_performance", "operational", "minor"),
        // c3 ran out of chain on deepseek, the only agent there; anthropic lost c3 and keeps c1 (c2's
        // operator pause is no sign of anthropic's health and is left out of its component).
        .paused: ("partial_outage", "partial_outage", "major_outage", "critical"),
        // All paused by the operator: the type serves nothing, and no provider is to blame.
        .allPaused: ("major_outage", "operational", "operational", "critical"),
    ]

    @Test(arguments: FleetState.allCases)
    func theComponentsAndIndicatorFollowTheMapping(_ state: FleetState) throws {
        let fleet = try state.rendered()
        let read = try Self.read(fleet)
        let expected = try #require(Self.expected[state])
        let components = try #require(read["components"] as? [String: String])
        #expect(components == ["type-coder": expected.type, "provider-anthropic": expected.anthropic, "provider-deepseek": expected.deepseek])
        #expect(read["names"] as? [String] == ["coder", "provider anthropic", "provider deepseek"], "types first, then providers in chain order")
        #expect(read["indicator"] as? String == expected.indicator)
        #expect(read["description"] as? String == (try fleet.json("status.json")["fleet"] as? [String: Any])?["text"] as? String, "the banner's words")
    }

    @Test func theIDsAreDerivedFromNamesAndStayPut() throws {
        let fleet = try FleetState.degraded.rendered()
        let first = try #require(try Self.read(fleet)["page"] as? [String: Any])
        try fleet.render(at: FleetState.t0 + .minutes(3))
        let again = try #require(try Self.read(fleet)["page"] as? [String: Any])
        #expect(first["id"] as? String == again["id"] as? String)
        #expect(again["updated_at"] as? String == "2026-11-24T10:03:00Z", "the render's moment")
        #expect(first["url"] as? String == "https://status.example.com/")
        let other = try #require(try Self.read(try FleetState.degraded.rendered(typeName: "builder"))["components"] as? [String: String])
        #expect(other.keys.sorted() == ["provider-anthropic", "provider-deepseek", "type-builder"])
        #expect(try fleet.files()["api/v2/summary.json.gz"] != nil && fleet.files()["api/v2/status.json.gz"] != nil)
    }
}
