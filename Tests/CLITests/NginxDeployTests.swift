import Foundation
import Testing

/// deploy/nginx.conf, served by a real nginx on loopback from a site `failover render` wrote, and
/// checked over HTTP as a browser, a feed reader, a scraper or a cache sees it.
@Suite struct NginxDeployTests {
    static let config = CLIFleets.twoCoders
    static let environment = ["ANTHROPIC_API_KEY": "sk-ant-nginx-000000000000000"]

    static func cli(_ scratch: ScratchDirectory, _ arguments: [String], stdin: String? = nil, at: String) throws -> CLI.Result {
        let result = try CLI.run(arguments + ["--config", scratch.path("failover.yaml"), "--now", at], stdin: stdin, environment: environment)
        try #require(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    /// A fleet where coder-1 failed over at 10:00, rendered at 10:01.
    static func renderedSite() throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", config)
        _ = try cli(scratch, ["cycle"], at: "2026-11-24T10:00:00Z")
        _ = try cli(scratch, ["record"], stdin: #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key"}"#,
                    at: "2026-11-24T10:00:00Z")
        _ = try cli(scratch, ["render"], at: "2026-11-24T10:01:00Z")
        return scratch
    }

    @Test func theDeployFileHasExactlyTheLinesTheTestReplaces() throws {
        let text = try String(contentsOf: NginxSite.deployFile, encoding: .utf8)
        #expect(text.components(separatedBy: "    listen 80;\n").count == 2)
        #expect(text.components(separatedBy: "    root /srv/fleet/public;\n").count == 2)
        let pointed = NginxSite.pointed(text, port: 8080, root: "/x")
        #expect(!pointed.contains("listen 80;") && !pointed.contains("/srv/fleet/public"))
    }

    @Test func eachKindOfFileGetsItsTypeCharsetAndCaching() throws {
        let scratch = try Self.renderedSite()
        let site = scratch.path("public")
        let nginx = try NginxSite(root: site, scratch: scratch)
        let expected: [(String, String)] = [
            ("/index.html", "text/html; charset=utf-8"),
            ("/", "text/html; charset=utf-8"),
            ("/agents/coder-1.html", "text/html; charset=utf-8"),
            ("/status.json", "application/json; charset=utf-8"),
            ("/agents/coder-1.json", "application/json; charset=utf-8"),
            ("/feed.json", "application/feed+json; charset=utf-8"),
            ("/feed.atom", "application/atom+xml; charset=utf-8"),
            ("/metrics.prom", "text/plain; version=0.0.4; charset=utf-8"),
            ("/api/v2/summary.json", "application/json; charset=utf-8"),
            ("/badges/fleet.json", "application/json; charset=utf-8"),
            ("/style.css", "text/css; charset=utf-8"),
            ("/site.js", "application/javascript; charset=utf-8"),
            ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ]
        for (path, type) in expected {
            let response = try nginx.get(path)
            #expect(response.status == 200, "\(path)")
            #expect(response.header("Content-Type") == type, "\(path): \(response.header("Content-Type") ?? "none")")
            #expect(response.header("Cache-Control") == "no-cache", "\(path)")
            #expect(response.header("X-Content-Type-Options") == "nosniff", "\(path)")
            #expect(response.header("ETag") != nil, "\(path)")
        }
        #expect(try nginx.get("/metrics.prom").text.contains("# TYPE failover_agent_tier gauge"))
        #expect(try nginx.get("/feed.atom").text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""))
    }

    @Test func gzipOnlyWhenAskedAndAlwaysVaryAcceptEncoding() throws {
        let scratch = try Self.renderedSite()
        let site = scratch.path("public")
        let nginx = try NginxSite(root: site, scratch: scratch)
        for path in ["index.html", "status.json", "feed.json", "feed.atom", "metrics.prom", "style.css"] {
            let plain = try nginx.get("/" + path)
            #expect(plain.header("Content-Encoding") == nil, "\(path) is not gzipped for a client that did not ask")
            #expect(plain.body == FileManager.default.contents(atPath: site + "/" + path), "\(path) as written")
            #expect(plain.header("Vary") == "Accept-Encoding", "\(path)")
            let gzipped = try nginx.get("/" + path, ["Accept-Encoding": "gzip"])
            #expect(gzipped.header("Content-Encoding") == "gzip", "\(path)")
            #expect(gzipped.header("Vary") == "Accept-Encoding", "\(path)")
            #expect(gzipped.body == FileManager.default.contents(atPath: site + "/" + path + ".gz"), "\(path): render's own .gz, served as it is")
            let other = try nginx.get("/" + path, ["Accept-Encoding": "br"])
            #expect(other.header("Content-Encoding") == nil, "\(path): only gzip exists")
        }
    }

    @Test func unchangedFilesRevalidateAndKeepTheirETagAcrossARender() throws {
        let scratch = try Self.renderedSite()
        let nginx = try NginxSite(root: scratch.path("public"), scratch: scratch)
        func tags(_ path: String) throws -> (plain: String, gzip: String) {
            (try #require(try nginx.get(path).header("ETag")), try #require(try nginx.get(path, ["Accept-Encoding": "gzip"]).header("ETag")))
        }
        let kept = ["/agents/coder-2.html", "/agents/coder-2.json", "/style.css"]
        let before = try kept.map(tags)
        let index = try tags("/index.html")
        // 304 while unchanged, by ETag and by date.
        for (path, tag) in zip(kept, before) {
            #expect(try nginx.get(path, ["If-None-Match": tag.plain]).status == 304, "\(path)")
            #expect(try nginx.get(path, ["If-None-Match": tag.gzip, "Accept-Encoding": "gzip"]).status == 304, "\(path) gzipped")
            let modified = try #require(try nginx.get(path).header("Last-Modified"))
            #expect(try nginx.get(path, ["If-Modified-Since": modified]).status == 304, "\(path)")
        }
        // A later render: the live pages change, coder-2's page and the CSS do not.
        _ = try Self.cli(scratch, ["render"], at: "2026-11-24T10:11:00Z")
        let after = try kept.map(tags)
        for (path, (old, new)) in zip(kept, zip(before, after)) {
            #expect(old.plain == new.plain && old.gzip == new.gzip, "\(path) keeps its ETag across a render")
            #expect(try nginx.get(path, ["If-None-Match": old.plain]).status == 304, "\(path) still revalidates")
        }
        let newIndex = try tags("/index.html")
        #expect(newIndex.plain != index.plain, "index.html changed, and so did its ETag")
        let stale = try nginx.get("/index.html", ["If-None-Match": index.plain])
        #expect(stale.status == 200 && stale.text.contains("<html"), "an old ETag gets the new page")
    }

    @Test func missingPagesGetTheSites404AndDotFilesAreDenied() throws {
        let scratch = try Self.renderedSite()
        let site = scratch.path("public")
        // An operator's own file under .well-known stays reachable (render carries it into every generation).
        try FileManager.default.createDirectory(atPath: site + "/.well-known", withIntermediateDirectories: true)
        try "Contact: mailto:ops@example.com\n".write(toFile: site + "/.well-known/security.txt", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: site + "/agents/.hidden", atomically: true, encoding: .utf8)
        let nginx = try NginxSite(root: site, scratch: scratch)
        let page404 = try #require(FileManager.default.contents(atPath: site + "/404.html"))
        for path in ["/no/such/page", "/agents/coder-9.html", "/missing.json"] {
            let missing = try nginx.get(path)
            #expect(missing.status == 404, "\(path)")
            #expect(missing.body == page404, "\(path) shows the site's own 404.html")
            #expect(missing.header("Content-Type") == "text/html; charset=utf-8")
            #expect(missing.header("Cache-Control") == "no-cache")
        }
        #expect(try nginx.get("/no/such/page", ["Accept-Encoding": "gzip"]).status == 404)
        let manifest = try #require(FileManager.default.contents(atPath: site + "/.failover-manifest"))
        for path in ["/.failover-manifest", "/agents/.hidden", "/.failover-manifest.gz"] {
            let denied = try nginx.get(path)
            #expect(denied.status == 403, "\(path) is denied, got \(denied.status)")
            #expect(!denied.text.contains("failover-site-manifest") && !denied.text.contains("secret"), "\(path) leaks nothing")
        }
        #expect(!manifest.isEmpty)
        let wellKnown = try nginx.get("/.well-known/security.txt")
        #expect(wellKnown.status == 200 && wellKnown.text.contains("Contact:"))
    }
}
