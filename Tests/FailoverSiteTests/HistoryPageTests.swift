import ConfigLoader
import FailoverCore
import FailoverEngine
@testable import FailoverSite
import FailoverStore
import Foundation
import Testing

/// What the history shows, read off the rendered pages for a ledger scripted through the real
/// runners and store: the bars' values, the percentages, the budget chart, and which renders rebuild
/// the agent pages.
@Suite struct HistoryPageTests {
    /// Today; the script runs over the three days before it.
    static let today = Timestamp(rfc3339: "2026-11-24T00:00:00Z")!
    static let yaml = """
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            usage_threshold_tokens: 2400
        """

    /// coder-1 and coder-2 appear at 00:00 three days ago. Two days ago coder-1 runs on tier 2 from
    /// 06:00 to 12:00; yesterday it is paused by the operator from 18:00 to 20:00. coder-2 stays put.
    static func scriptedFleet() throws -> RenderedFleet {
        let fleet = try RenderedFleet(yaml: yaml)
        let day = today - .days(3)
        try cycle(fleet, at: day)
        try record(fleet, #"{"agent":"coder-1","at":"\#(day + .days(1) + .hours(6))","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key"}"#, at: day + .days(1) + .hours(6))
        try record(fleet, #"{"agent":"coder-1","at":"\#(day + .days(1) + .hours(12))","outcome":"success","tier":2}"#, at: day + .days(1) + .hours(12))
        try cycle(fleet, at: day + .days(2) + .hours(18), control: "control:\n  coder-1: { paused: true }\n")
        try cycle(fleet, at: day + .days(2) + .hours(20), control: "control:\n  coder-1: { paused: false }\n")
        return fleet
    }

    static func cycle(_ fleet: RenderedFleet, at now: Timestamp, control: String = "") throws {
        try (yaml + "\n" + control).write(toFile: fleet.configPath, atomically: true, encoding: .utf8)
        _ = try CycleRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment).run(now: now)
    }

    static func record(_ fleet: RenderedFleet, _ lines: String, at now: Timestamp) throws {
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment).run(input: lines, now: now)
    }

    /// The bars' tooltips as written, oldest first: `YYYY-MM-DD: ...` for a day, `YYYY-MM-DD – YYYY-MM-DD: ...`
    /// for a run of days that read the same.
    static func runTitles(_ html: String, after marker: String = "class=\"history-bars\"") -> [String] {
        guard let start = html.range(of: marker), let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<title>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    /// The same, one per day (a run's title stands for each of its days): `YYYY-MM-DD: ...`.
    static func barTitles(_ html: String, after marker: String = "class=\"history-bars\"") -> [String] {
        runTitles(html, after: marker).flatMap { title -> [String] in
            guard let colon = title.range(of: ": ") else { return [title] }
            let days = title[..<colon.lowerBound].components(separatedBy: " – ")
            let text = title[colon.upperBound...]
            guard days.count == 2, let first = Timestamp(rfc3339: days[0] + "T00:00:00Z"), let last = Timestamp(rfc3339: days[1] + "T00:00:00Z"),
                  first < last else { return [title] }
            return stride(from: first.seconds, through: last.seconds, by: 86_400).map { "\(Timestamp(seconds: $0).utcDay): \(text)" }
        }
    }

    static func rate(_ html: String, _ label: String) -> String? {
        guard let range = html.range(of: "<dt>\(label)</dt><dd>") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
    }

    @Test func anAgentPageShowsItsCompletedDays() throws {
        let fleet = try Self.scriptedFleet()
        try fleet.render(at: Self.today + .hours(10))
        let page = try fleet.text("agents/coder-1.html")
        let bars = Self.barTitles(page)
        #expect(bars.count == 30)
        #expect(bars.last?.hasPrefix("2026-11-23:") == true, "the last bar is yesterday; today is left to the live state")
        #expect(bars[27] == "2026-11-21: 100% tier 1")
        #expect(bars[28] == "2026-11-22: 75.0% tier 1, 25.0% lower tier")
        #expect(bars[29] == "2026-11-23: 91.6% tier 1, 8.3% paused")
        #expect(bars[..<27].allSatisfy { $0.hasSuffix(": no data") }, "days before the agent existed are no data")
        // As written: the 27 days without data are one rect with one title, the other days one each.
        #expect(Self.runTitles(page) == [
            "2026-10-25 – 2026-11-20: no data", "2026-11-21: 100% tier 1",
            "2026-11-22: 75.0% tier 1, 25.0% lower tier", "2026-11-23: 91.6% tier 1, 8.3% paused",
        ])
        #expect(page.contains("<rect class=\"hn\" x=\"0\" width=\"268\" height=\"32\"><title>2026-10-25 – 2026-11-20: no data</title></rect>"))
        #expect(page.contains("<rect class=\"h1\" x=\"270\" width=\"8\" height=\"32\"><title>2026-11-21: 100% tier 1</title></rect>"))
        // The mixed days are drawn by one path per colour, stacked from the bottom: 24 of 32 units
        // of tier 1 under 8 of lower tier, then 29.3 of tier 1 under 2.7 paused.
        #expect(page.contains("<path class=\"h1\" d=\"M280 8h8v24h-8M290 2.7h8v29.3h-8\"/>"))
        #expect(page.contains("<path class=\"h2\" d=\"M280 0h8v8h-8\"/>"))
        #expect(page.contains("<path class=\"hp\" d=\"M290 0h8v2.7h-8\"/>"))
        #expect(Self.rate(page, "Yesterday") == "91.6%")
        #expect(Self.rate(page, "7 days") == "88.8%")   // 64 of 72 hours
        #expect(Self.rate(page, "30 days") == "88.8%")
        // Three days of data: the week and the month say so; yesterday was covered whole.
        #expect(page.contains(#"<dt>7 days</dt><dd>88.8% <span class="muted">(over 3d of data)</span></dd>"#))
        #expect(page.contains(#"<dt>30 days</dt><dd>88.8% <span class="muted">(over 3d of data)</span></dd>"#))
        #expect(page.contains("<dt>Yesterday</dt><dd>91.6%</dd>"))
        #expect(page.contains("role=\"img\" aria-label=\"coder-1: time on tier 1 by UTC day, 30 days; 30 days: 88.8%\""))
        #expect(page.contains("Days not entirely on tier 1: 2026-11-22: 75.0% tier 1, 25.0% lower tier; 2026-11-23: 91.6% tier 1, 8.3% paused."),
                "the screen reader's text names the bad days")
        let steady = try fleet.text("agents/coder-2.html")
        #expect(Self.rate(steady, "7 days") == "100%")
        #expect(steady.contains("Every day with data was entirely on tier 1."))
    }

    /// The page reads a month of the agent's ledger for its history and its last 50 events besides:
    /// an agent quiet for the month still lists its older events, and its history starts from where
    /// the last of them left it.
    @Test func aQuietMonthStillListsOlderEvents() throws {
        let fleet = try RenderedFleet(yaml: Self.yaml)
        try Self.cycle(fleet, at: Self.today - .days(40))
        try Self.record(fleet, #"{"agent":"coder-1","at":"\#(Self.today - .days(39))","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key"}"#, at: Self.today - .days(39))
        try Self.cycle(fleet, at: Self.today - .days(2), control: "control:\n  coder-2: { paused: true }\n")
        try fleet.render(at: Self.today + .hours(1))
        let page = try fleet.text("agents/coder-1.html")
        #expect(page.contains("2026-10-16 00:00"), "the step down 39 days ago is among the recent events")
        #expect(page.contains("2026-10-15 00:00"), "and so is its creation")
        #expect(Self.barTitles(page).count == 30 && Self.barTitles(page).allSatisfy { $0.hasSuffix(": 0.0% tier 1, 100% lower tier") }, "on tier 2 all month")
        #expect(Self.runTitles(page) == ["2026-10-25 – 2026-11-23: 0.0% tier 1, 100% lower tier"], "one run, one title")
        #expect(page.contains("Days not entirely on tier 1: 2026-10-25 – 2026-11-23: 0.0% tier 1, 100% lower tier."))
        let paused = try fleet.text("agents/coder-2.html")
        #expect(Self.barTitles(paused)[28] == "2026-11-22: 0.0% tier 1, 100% paused")
        #expect(Self.barTitles(paused)[27] == "2026-11-21: 100% tier 1")
    }

    /// The page and the JSON are kept on their own fingerprints but rebuilt from one read of the
    /// agent's events (the page's month and last 50): the JSON still lists exactly the newest ones.
    @Test func theJSONFromThePagesReadListsTheNewestEvents() throws {
        let fleet = try Self.scriptedFleet()
        try fleet.render(at: Self.today + .hours(10))
        let events = try #require(try fleet.json("agents/coder-1.json")["events"] as? [[String: Any]])
        let ids = events.compactMap { $0["id"] as? Int }
        let store = try fleet.store()
        let ledger = try store.read { try $0.events(EventQuery(agent: "coder-1")) }
        #expect(ids.count == ledger.count && ids == ledger.compactMap { $0.id.map(Int.init) }, "every event of coder-1, newest first")
        let page = try fleet.text("agents/coder-1.html")
        #expect(page.components(separatedBy: "<tr").count - 2 == ids.count, "as many rows on the page")
    }

    @Test func theBudgetPageShowsEachTypeLive() throws {
        let fleet = try Self.scriptedFleet()
        try fleet.render(at: Self.today + .hours(10))
        let page = try fleet.text("budget.html")
        let bars = Self.barTitles(page)
        #expect(bars.last?.hasPrefix("2026-11-24:") == true, "live: the last bar is today so far")
        // Two instances: coder-1's 2 paused hours yesterday against 48 instance-hours.
        #expect(bars[28] == "2026-11-23: 95.8% tier 1, 4.1% paused")
        #expect(bars[27] == "2026-11-22: 87.5% tier 1, 12.5% lower tier")
        #expect(bars[29] == "2026-11-24: 100% tier 1")
        // 24 h from 10:00 yesterday: the pause is inside; 7 d: 156 of 164 instance-hours on tier 1.
        #expect(Self.rate(page, "24 h") == "95.8%")
        #expect(Self.rate(page, "7 d") == "95.1%")
        #expect(page.contains(#"<dt>30 d</dt><dd>95.1% <span class="muted">(over 3d 10h of data)</span></dd>"#), "per instance, of the type's two")
    }

    @Test func statusJSONCarriesEachTypesAndProvidersHistory() throws {
        let fleet = try Self.scriptedFleet()
        try fleet.render(at: Self.today + .hours(10))
        let status = try fleet.json("status.json")
        let type = try #require((status["types"] as? [[String: Any]])?.first)
        let history = try #require(type["history"] as? [String: Any])
        let ratios = try #require(history["tier1_ratio"] as? [String: Any])
        func near(_ value: Any?, _ expected: Double) -> Bool { abs(((value as? Double) ?? -1) - expected) < 1e-9 }
        #expect(near(ratios["24h"], 46.0 / 48))
        #expect(near(ratios["7d"], 156.0 / 164))
        let days = try #require(history["days"] as? [[String: Any]])
        #expect(days.count == 30)
        #expect(days[28]["day"] as? String == "2026-11-23" && days[28]["paused_seconds"] as? Int == 7200 && days[28]["tier1_seconds"] as? Int == 2 * 86_400 - 7200)
        #expect(days[0]["tier1_seconds"] as? Int == 0, "before the fleet existed: no seconds at all")
        let anthropic = try #require((status["provider_history"] as? [String: Any])?["anthropic"] as? [String: Any])
        // The coders are the instances whose tier 1 is anthropic; coder-1's two hours paused by the
        // operator say nothing about anthropic and are left out: 156 h on it of 162 h running.
        #expect(near((anthropic["tier1_ratio"] as? [String: Any])?["7d"], 156.0 / 162))
        let providerDays = try #require(anthropic["days"] as? [[String: Any]])
        #expect(providerDays[28]["paused_seconds"] as? Int == 0 && providerDays[28]["tier1_seconds"] as? Int == 2 * 86_400 - 7200)
        #expect((status["provider_history"] as? [String: Any])?["deepseek"] == nil, "no chain starts with deepseek")
    }

    @Test func theProvidersPageShowsTheHistoryOfTheInstancesThatStartThere() throws {
        let fleet = try Self.scriptedFleet()
        try fleet.render(at: Self.today + .hours(10))
        let page = try fleet.text("providers.html")
        let bars = Self.barTitles(page, after: "id=\"provider-anthropic\"")
        #expect(bars.count == 30)
        #expect(bars[27] == "2026-11-22: 87.5% tier 1, 12.5% lower tier", "the same as the coders': their chain starts with anthropic")
        #expect(Self.rate(String(page[page.range(of: "id=\"provider-anthropic\"")!.upperBound...]), "7 d") == "96.2%")
        let deepseek = try #require(page.range(of: "id=\"provider-deepseek\"")).upperBound
        let section = page[deepseek...].components(separatedBy: "</section>")[0]
        #expect(!section.contains("history-bars"), "no chain starts with deepseek: no history to show")
    }

    /// What the providers page calls for each provider: the same bars, percentages and text.
    @Test func aProviderBlockFromAKnownHistory() {
        let end = Self.today
        var history = TierHistory.empty(end: end)
        history.days[29] = TierSeconds(tier1: 43_200, lower: 21_600, paused: 21_600)
        history.days[28] = TierSeconds(tier1: 86_400)
        history.spans = [history.days[29], history.days[28] + history.days[29], history.days[28] + history.days[29]]
        let html = HistoryBarsHTML.block(history, subject: "provider <anthropic>")
        #expect(Self.barTitles(html)[29] == "2026-11-23: 50.0% tier 1, 25.0% lower tier, 25.0% paused")
        #expect(Self.barTitles(html)[28] == "2026-11-22: 100% tier 1")
        #expect(Self.rate(html, "24 h") == "50.0%" && Self.rate(html, "7 d") == "75.0%")
        #expect(html.contains("aria-label=\"provider &lt;anthropic&gt;: time on tier 1"), "names are escaped")
        // Stacked from the bottom: tier 1 is the lower half of the 32-unit bar, paused the top quarter.
        #expect(html.contains("<path class=\"h1\" d=\"M290 16h8v16h-8\"/>\n<path class=\"h2\" d=\"M290 8h8v8h-8\"/>\n<path class=\"hp\" d=\"M290 0h8v8h-8\"/>"))
        // Over them, a rect per run carries the tooltip: 28 days without data, then one day each.
        #expect(html.contains("<rect class=\"hn\" x=\"0\" width=\"278\" height=\"32\"><title>2026-10-25 – 2026-11-21: no data</title></rect>\n<rect class=\"h1\" x=\"280\" width=\"8\" height=\"32\"><title>2026-11-22: 100% tier 1</title></rect>\n<rect x=\"290\" width=\"8\" height=\"32\"><title>"))
    }

    @Test func theBudgetChartShowsTokensPerHourAndTheThresholdsPace() throws {
        let fleet = try Self.scriptedFleet()
        let now = Self.today + .hours(10) + .minutes(30)
        try Self.record(fleet, """
            {"agent":"coder-1","at":"\(Self.today + .hours(2) + .minutes(10))","outcome":"success","input_tokens":100,"output_tokens":50}
            {"agent":"coder-2","at":"\(Self.today + .hours(2) + .minutes(40))","outcome":"success","input_tokens":30,"output_tokens":20}
            {"agent":"coder-2","at":"\(Self.today + .hours(9) + .minutes(5))","outcome":"success","input_tokens":60,"output_tokens":0}
            """, at: now)
        try fleet.render(at: now)
        let page = try fleet.text("budget.html")
        let start = try #require(page.range(of: "<svg class=\"usage-chart\""))
        let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex))
        let svg = String(page[start.lowerBound..<end.lowerBound])
        let tokens = svg.components(separatedBy: "data-tokens=\"").dropFirst().map { Int($0.prefix { $0 != "\"" })! }
        #expect(tokens.count == 25, "the 25 hours a 24 h window ending at 10:30 touches")
        #expect(tokens[16] == 200 && tokens[23] == 60 && tokens.reduce(0, +) == 260)
        #expect(svg.contains("<title>2026-11-24 02:00 UTC: 200 tokens</title>"))
        // 2,400 tokens over 24 h: the even pace is 100 an hour; 02:00's 200 is above it, 09:00's 60 is not.
        #expect(svg.contains("class=\"threshold\"") && svg.contains("data-tokens-per-hour=\"100\""))
        let overBars = svg.components(separatedBy: "<rect").dropFirst().filter { $0.hasPrefix(" class=\"over\"") }
        #expect(overBars.count == 1 && overBars[0].contains("data-tokens=\"200\""))
        // The line and the bars share a scale: 100 is half of 200's height.
        func number(_ name: String, in text: String) -> Double { Double(text.components(separatedBy: name + "=\"")[1].prefix { $0 != "\"" })! }
        let lineY = number("y1", in: svg)
        let barY = number("y", in: overBars[0])
        #expect(abs((120 - lineY) * 2 - (120 - barY)) < 0.05)
        #expect(svg.contains("role=\"img\" aria-label=\"coder: tokens per UTC hour, 25 hours from 2026-11-23 10:00 UTC; peak 200 at 2026-11-24 02:00 UTC; even pace for the threshold 100 tokens an hour, 1 hour(s) above it\""))
    }

    @Test func agentPagesAreKeptAcrossTheHourAndRebuiltAtTheDayTurnTheirJSONIsNot() throws {
        let fleet = try Self.scriptedFleet()
        try fleet.render(at: Self.today + .hours(10))
        let first = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        try fleet.render(at: Self.today + .hours(11) + .minutes(5))
        let hourLater = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        for path in ["agents/coder-1.html", "agents/coder-2.html"] {
            #expect(hourLater.inputs[path] == first.inputs[path], "\(path) changed with the hour")
            #expect(hourLater.files[path]?.inode == first.files[path]?.inode, "\(path) was rewritten with the hour")
        }
        try fleet.render(at: Self.today + .days(1) + .minutes(5))
        let nextDay = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        for path in ["agents/coder-1.html", "agents/coder-2.html"] {
            #expect(nextDay.inputs[path] != hourLater.inputs[path], "\(path) kept across the day turn")
        }
        // The JSON shows no history: the day turn leaves it as it was.
        for path in ["agents/coder-1.json", "agents/coder-2.json"] {
            #expect(nextDay.inputs[path] != nil && nextDay.inputs[path] == hourLater.inputs[path], "\(path) rebuilt at the day turn")
            #expect(nextDay.files[path]?.inode == hourLater.files[path]?.inode, "\(path) rewritten at the day turn")
        }
        // Today's bar is now complete on the agent page.
        #expect(Self.barTitles(try fleet.text("agents/coder-2.html")).last == "2026-11-24: 100% tier 1")
    }
}
