import FailoverCore
@testable import FailoverSite
import Foundation
import Testing

/// `404.html` is served by nginx at whatever address was missing, so its links start at the root.
@Suite struct NotFoundPageTests {
    static func links(_ html: String) -> [String] {
        // Fragments (the skip link) stay on the page, wherever it is.
        html.matches(of: /(?:href|src)="([^"#][^"]*)"/).map { String($0.output.1) }
    }

    @Test func itIsAPageOfTheSiteWhoseLinksAllStartAtTheRootAndExist() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let html = try fleet.text("404.html")
        #expect(html.contains("<title>Page not found · Fleet &lt;b&gt;status&lt;/b&gt; &amp; more</title>"))
        #expect(html.contains(#"<link rel="stylesheet" href="/style.css">"#), "styled at any depth")
        #expect(html.contains(#"data-root="/""#), "its script finds heartbeat.json at any depth")
        #expect(!html.contains("aria-current"), "no section is the current one")
        let files = try fleet.files()
        let links = Self.links(html)
        #expect(links.count >= 10)
        for link in links {
            #expect(link.hasPrefix("/"), "\(link) would resolve against the missing page's address")
            #expect(files[String(link.dropFirst())] != nil, "\(link) is not in the site")
        }
        #expect(links.contains("/index.html") && links.contains("/events/index.html"))
    }

    @Test func underABaseURLWithAPathItsLinksStartThere() throws {
        let yaml = RenderedFleet.yaml.replacingOccurrences(of: "base_url: https://status.example.com/", with: "base_url: https://example.com/ops/fleet")
        let fleet = try RenderedFleet(yaml: yaml)
        try fleet.simulate()
        try fleet.render()
        let html = try fleet.text("404.html")
        let files = try fleet.files()
        for link in Self.links(html) {
            #expect(link.hasPrefix("/ops/fleet/"), "\(link)")
            #expect(files[String(link.dropFirst("/ops/fleet/".count))] != nil, "\(link)")
        }
        // Every other page links relative to where it is.
        #expect(try fleet.text("index.html").contains(#"<link rel="stylesheet" href="style.css">"#))
    }

    @Test func theRootPathIsTheBaseURLsPath() {
        #expect(NotFoundPage.rootPath(baseURL: nil) == "/")
        #expect(NotFoundPage.rootPath(baseURL: "https://status.example.com/") == "/")
        #expect(NotFoundPage.rootPath(baseURL: "https://status.example.com") == "/")
        #expect(NotFoundPage.rootPath(baseURL: "http://example.com:8080/a/b/") == "/a/b/")
        #expect(NotFoundPage.rootPath(baseURL: "https://example.com/a?x=1") == "/a/")
    }

    @Test func itIsKeptWhileNothingItShowsChanges() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try fleet.render(at: RenderedFleet.t0 + .minutes(5))
        #expect(try fleet.text("404.html").contains("Page updated <time datetime=\"2026-11-24T10:00:00Z\""), "not rebuilt by a render that changed nothing it shows")
    }
}
