import Foundation
import Testing

/// `site/site.js` run by Node against a stand-in of the few DOM calls it makes: when it reloads a
/// page and when it calls the site stale. Needs Node on PATH (`scripts/test` installs Debian's
/// `nodejs`); without it these tests fail rather than pass unseen.
@Suite struct PageScriptTests {
    static let now = "2026-11-24T12:00:00Z"

    @Test func aLivePageReloadsOnceWhenANewerRenderExists() throws {
        let first = try PageScript.run(live: true, generated: "2026-11-24T11:59:00Z", heartbeat: "2026-11-24T11:59:30Z")
        #expect(first.reloads == 1)
        // The same heartbeat after the reload (a cache served the old page again): no second reload.
        let again = try PageScript.run(live: true, generated: "2026-11-24T11:59:00Z", heartbeat: "2026-11-24T11:59:30Z", storage: first.storage)
        #expect(again.reloads == 0)
        #expect(try PageScript.run(live: true, generated: "2026-11-24T11:59:00Z", heartbeat: "2026-11-24T11:59:00Z").reloads == 0, "same render")
        #expect(try PageScript.run(live: true, generated: "2026-11-24T11:59:00Z", heartbeat: "2026-11-24T11:50:00Z").reloads == 0)
    }

    @Test func aQuietKeptPageSaysTheSiteItselfIsCurrent() throws {
        let kept = try PageScript.run(live: false, generated: "2026-11-24T08:00:00Z", heartbeat: "2026-11-24T11:58:00Z")
        #expect(kept.siteNote == " · unchanged since; the site was updated 2 min ago")
        #expect(try PageScript.run(live: false, generated: "2026-11-24T08:00:00Z", heartbeat: nil).siteNote.isEmpty, "no heartbeat, no claim")
    }

    @Test func aKeptPageNeverReloadsItself() throws {
        #expect(try PageScript.run(live: false, generated: "2026-11-24T08:00:00Z", heartbeat: "2026-11-24T11:59:30Z").reloads == 0)
    }

    @Test func theNewerOfThePageAndTheHeartbeatSaysHowFreshTheSiteIs() throws {
        // A kept page built hours ago on a site rendered a minute ago: fresh.
        #expect(try PageScript.run(live: false, generated: "2026-11-24T08:00:00Z", heartbeat: "2026-11-24T11:59:00Z").staleShown == false)
        // Renders stopped two hours ago.
        #expect(try PageScript.run(live: false, generated: "2026-11-24T08:00:00Z", heartbeat: "2026-11-24T10:00:00Z").staleShown == true)
        // A heartbeat older than the page (a cache in between) does not make a fresh page stale.
        #expect(try PageScript.run(live: true, generated: "2026-11-24T11:59:00Z", heartbeat: "2026-11-24T09:00:00Z").staleShown == false)
    }

    @Test func withoutAHeartbeatOnlyALivePageJudges() throws {
        #expect(try PageScript.run(live: true, generated: "2026-11-24T10:00:00Z", heartbeat: nil).staleShown == true)
        #expect(try PageScript.run(live: true, generated: "2026-11-24T11:58:00Z", heartbeat: nil).staleShown == false)
        #expect(try PageScript.run(live: false, generated: "2026-11-24T10:00:00Z", heartbeat: nil).staleShown == false,
                "a kept page's own time says when it changed, not whether the site is current")
    }
}

enum PageScript {
    struct Outcome {
        var reloads: Int
        var staleShown: Bool
        var storage: [String: String]
        /// What the script wrote into a kept page's `#site-note`.
        var siteNote: String
    }

    static let node: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/node" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the script once in a fresh stand-in page at `PageScriptTests.now`, with `stale_after`
    /// 15m, and lets its first heartbeat request settle.
    static func run(live: Bool, generated: String, heartbeat: String?, storage: [String: String] = [:]) throws -> Outcome {
        let input: [String: Any] = ["live": live, "generated": generated, "heartbeat": heartbeat ?? NSNull(), "storage": storage, "now": PageScriptTests.now]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(node, "node is not on PATH: install Debian's nodejs (scripts/test does)"))
        process.arguments = ["-e", harness, RenderedFleet.repositoryRoot + "/site/site.js", String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "node failed: \(String(decoding: data, as: UTF8.self))")
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Outcome(reloads: result["reloads"] as? Int ?? -1, staleShown: result["staleShown"] as? Bool ?? false,
                       storage: result["storage"] as? [String: String] ?? [:], siteNote: result["siteNote"] as? String ?? "")
    }

    /// The DOM, fetch, timers and storage the script touches, and nothing else.
    static let harness = #"""
        const fs = require("fs"), vm = require("vm");
        const [file, json] = process.argv.slice(1);
        const input = JSON.parse(json);
        const now = Date.parse(input.now);
        let reloads = 0;
        const storage = Object.assign({}, input.storage);
        const attributes = { "data-root": "", "data-generated": input.generated, "data-stale-after": "900" };
        if (input.live) attributes["data-live"] = "";
        const age = { textContent: "" };
        const banner = { hidden: true, querySelector: () => age };
        const note = { textContent: "" };
        const context = {
          Date: class extends Date { static now() { return now; } },
          document: {
            body: { getAttribute: (n) => (n in attributes ? attributes[n] : null), hasAttribute: (n) => n in attributes },
            getElementById: (id) => (id === "stale" ? banner : id === "site-note" ? note : null),
            querySelectorAll: () => [],
          },
          location: { pathname: "/index.html", reload: () => { reloads += 1; } },
          sessionStorage: { getItem: (k) => (k in storage ? storage[k] : null), setItem: (k, v) => { storage[k] = String(v); } },
          setInterval: () => 0,
          fetch: () => input.heartbeat === null
            ? Promise.reject(new Error("unreachable"))
            : Promise.resolve({ ok: true, json: () => Promise.resolve({ generated_at: input.heartbeat }) }),
        };
        context.Date.parse = Date.parse;
        context.window = context;
        vm.runInNewContext(fs.readFileSync(file, "utf8"), context);
        setTimeout(() => console.log(JSON.stringify({ reloads, staleShown: !banner.hidden, storage, siteNote: note.textContent })), 20);
        """#
}
