import FailoverCore
import FailoverEngine
import Foundation
import Testing

/// `feed.atom` read by feedparser (PyPI), the library most feed tooling is built on: it must parse
/// without complaint, hold the entries of `feed.json` under the same ids, and leak no key.
@Suite struct AtomFeedTests {
    /// Prints what feedparser made of the file: its bozo flag and the fields a reader uses.
    static let reader = #"""
        import json, sys, feedparser
        d = feedparser.parse(sys.argv[1])
        print(json.dumps({
            "bozo": bool(d.bozo), "problem": str(d.get("bozo_exception", "")), "version": d.version,
            "feed": {"id": d.feed.get("id"), "title": d.feed.get("title"), "updated": d.feed.get("updated"),
                     "author": d.feed.get("author"), "links": [dict(l) for l in d.feed.get("links", [])]},
            "entries": [{"id": e.get("id"), "title": e.get("title"), "updated": e.get("updated"), "link": e.get("link"),
                         "author": e.get("author"), "content": (e.get("content") or [{}])[0].get("value"),
                         "tags": [t.term for t in e.get("tags", [])]} for e in d.entries]}))
        """#

    static func parsed(_ fleet: RenderedFleet) throws -> [String: Any] {
        try #require(try PythonClient.run(reader, [fleet.siteFolder + "/feed.atom"]) as? [String: Any])
    }

    @Test func feedparserReadsTheSameEntriesAsFeedJSON() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let atom = try Self.parsed(fleet)
        #expect(atom["bozo"] as? Bool == false, "feedparser: \(atom["problem"] ?? "")")
        #expect(atom["version"] as? String == "atom10")
        let entries = try #require(atom["entries"] as? [[String: Any]])
        let items = try #require(try fleet.json("feed.json")["items"] as? [[String: Any]])
        #expect(!entries.isEmpty)
        #expect(entries.map { $0["id"] as? String } == items.map { $0["id"] as? String }, "the same stable ids, in the same order")
        for (entry, item) in zip(entries, items) {
            #expect(entry["title"] as? String == item["title"] as? String)
            #expect(entry["updated"] as? String == item["date_published"] as? String)
            #expect(entry["link"] as? String == item["url"] as? String, "absolute under base_url")
            #expect(entry["content"] as? String == item["content_text"] as? String)
            #expect(entry["author"] as? String == "Fleet <b>status</b> & more")
            #expect(entry["tags"] as? [String] == item["tags"] as? [String])
        }
        let feed = try #require(atom["feed"] as? [String: Any])
        #expect(feed["title"] as? String == "Fleet <b>status</b> & more: failover events", "the title's markup is text, escaped")
        #expect(feed["id"] as? String == "https://status.example.com/feed.atom")
        #expect(feed["updated"] as? String == entries.first?["updated"] as? String, "the feed changed when its newest entry was written")
        let links = try #require(feed["links"] as? [[String: Any]])
        #expect(links.contains { $0["rel"] as? String == "self" && $0["href"] as? String == "https://status.example.com/feed.atom" && $0["type"] as? String == "application/atom+xml" })
        #expect(links.contains { $0["rel"] as? String == "alternate" && $0["href"] as? String == "https://status.example.com/index.html" })
    }

    @Test func withoutABaseURLEveryEntryStillHasALinkAndTheFeedAStableID() throws {
        let fleet = try RenderedFleet(yaml: RenderedFleet.yaml.replacingOccurrences(of: "  base_url: https://status.example.com/\n", with: ""))
        try fleet.simulate()
        try fleet.render()
        let first = try Self.parsed(fleet)
        #expect(first["bozo"] as? Bool == false, "feedparser: \(first["problem"] ?? "")")
        let entries = try #require(first["entries"] as? [[String: Any]])
        #expect(!entries.isEmpty)
        for entry in entries {
            #expect((entry["link"] as? String)?.hasPrefix("agents/") == true, "relative to the feed, which sits at the site root")
            #expect(entry["id"] is String && entry["title"] is String && entry["updated"] is String)
        }
        let id = try #require((first["feed"] as? [String: Any])?["id"] as? String)
        #expect(id.hasPrefix("urn:failover:"))
        try fleet.render(at: RenderedFleet.t0 + .minutes(5))
        #expect((try Self.parsed(fleet)["feed"] as? [String: Any])?["id"] as? String == id, "the same feed from render to render")
    }

    /// A provider's error carrying every character that breaks XML, and the provider's key.
    @Test func hostileDetailsStillParseAndLeakNothing() throws {
        let key = "sk-ant-api03-" + String(repeating: "Zq9_", count: 12)
        let fleet = try RenderedFleet()
        fleet.environment["ANTHROPIC_API_KEY"] = key
        try fleet.cycle(at: RenderedFleet.t0 - .hours(1))
        let message = #"]]> <feed> & &amp; \"quoted\" \u0001\u0008\u000b\u001f\ufffe bell \u0007 x-api-key: "# + key + #" ]]>"#
        let line = #"{"agent":"coder-1","at":"\#(RenderedFleet.t0 - .minutes(5))","outcome":"error","status":401,"error_type":"authentication_error","message":"\#(message)"}"#
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment).run(input: line, now: RenderedFleet.t0)
        try fleet.render()
        let atom = try Self.parsed(fleet)
        #expect(atom["bozo"] as? Bool == false, "feedparser: \(atom["problem"] ?? "")")
        let raw = try fleet.text("feed.atom")
        #expect(!raw.contains(key) && !raw.contains("Zq9_Zq9_"), "the key never reaches the feed")
        #expect(!raw.contains("]]>"))
        let entry = try #require((atom["entries"] as? [[String: Any]])?.first)
        let content = try #require(entry["content"] as? String)
        #expect(content.contains("]]> <feed> & &amp;"), "markup in the detail arrives as text")
        #expect(content.contains(SecretRedactor.replacement))
        // What feed.json says, with only the characters XML cannot hold replaced.
        let item = try #require((try fleet.json("feed.json")["items"] as? [[String: Any]])?.first)
        let expected = String(String.UnicodeScalarView((item["content_text"] as? String ?? "").unicodeScalars.map {
            $0.value < 0x20 && !["\t", "\n", "\r"].contains($0) || $0.value == 0xFFFE ? "\u{FFFD}" : $0
        }))
        #expect(content == expected)
        #expect(entry["id"] as? String == item["id"] as? String)
    }

    @Test func everyPageNamesTheAtomFeedBesideTheJSONFeedAndItHasAGzipTwin() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let files = try fleet.files()
        let pages = files.keys.filter { $0.hasSuffix(".html") }
        #expect(pages.count > 5)
        for page in pages {
            let root = page == "404.html" ? "/" : String(repeating: "../", count: page.split(separator: "/").count - 1)
            #expect(try fleet.text(page).contains(#"<link rel="alternate" type="application/atom+xml" href="\#(root)feed.atom""#), "\(page)")
        }
        let gzip = try #require(files["feed.atom.gz"])
        #expect(try gunzip(gzip) == files["feed.atom"])
    }
}
