@testable import FailoverSite
import Foundation
import Testing

/// The specs are written to be read in a checkout and on the site: every link between them, and to
/// the example config, must lead somewhere on the rendered site.
@Suite struct DocsLinkTests {
    /// `target` resolved against the folder of `page`, without its fragment.
    static func resolve(_ target: String, from page: String) -> String {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "#", omittingEmptySubsequences: false)[0].split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    @Test func everyLinkInTheDocsLeadsToAFileOfTheSite() throws {
        let fleet = try RenderedFleet()
        try fleet.render()
        let files = try fleet.files()
        var checked = 0
        for (path, data) in files where path.hasPrefix("docs/") && path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for match in html.matches(of: /(?:href|src)="([^"]+)"/) {
                let target = String(match.output.1)
                guard !target.hasPrefix("#"), !target.contains("://"), !target.hasPrefix("mailto:") else { continue }
                #expect(files[Self.resolve(target, from: path)] != nil, "\(path) links to \(target), which the site does not have")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// A link to a section lands on it: the headings carry GitHub's ids, which the specs link to.
    @Test func everySectionLinkInTheDocsHasItsHeading() throws {
        let fleet = try RenderedFleet()
        try fleet.render()
        let files = try fleet.files()
        var checked = 0
        for (path, data) in files where path.hasPrefix("docs/") && path.hasSuffix(".html") {
            for match in String(decoding: data, as: UTF8.self).matches(of: /href="([^"#]*)#([^"]+)"/) {
                let page = match.output.1.isEmpty ? path : Self.resolve(String(match.output.1), from: path)
                guard let target = files[page] else { continue }
                #expect(String(decoding: target, as: UTF8.self).contains(#" id="\#(match.output.2)""#), "\(path) links to \(page)#\(match.output.2), which has no such section")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test func headingsGetGitHubsIdsUniqueInTheirPage() {
        let html = Markdown.html("# A `code` title?\n\n## Is this page current?\n\n---\n\n## Is this page current?\n\n    <h2>in code</h2>\n")
        #expect(html.contains(#"<h1 id="a-code-title">"#))
        #expect(html.contains(#"<h2 id="is-this-page-current">"#) && html.contains(#"<h2 id="is-this-page-current-1">"#))
        #expect(html.contains("<hr />") && html.contains("&lt;h2&gt;in code"))
    }

    @Test func theExampleConfigIsADocOfItsOwn() throws {
        let fleet = try RenderedFleet()
        try fleet.render()
        let config = try fleet.text("docs/config.html")
        #expect(config.contains(#"<a href="example-config.html"><code>examples/failover.yaml</code></a>"#))
        #expect(!config.contains("../examples/"))
        let example = try fleet.text("docs/example-config.html")
        let yaml = try String(contentsOfFile: RenderedFleet.repositoryRoot + "/examples/failover.yaml", encoding: .utf8)
        let shown = try #require(example.firstMatch(of: /<pre><code class="language-yaml">(.*?)<\/code><\/pre>/.dotMatchesNewlines()))
        let text = String(shown.output.1).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        #expect(text == yaml, "the whole file, as it is")
        #expect(try fleet.text("docs/index.html").contains(#"<a href="example-config.html">Example config</a>"#))
    }

    @Test func aFenceLongerThanAnyBacktickRunKeepsTheBlockWhole() {
        let fenced = ExampleConfigDocument.fenced("a: \"```\"\nb: \"````\"", language: "yaml")
        #expect(fenced.hasPrefix("`````yaml\n") && fenced.hasSuffix("\n`````"))
        #expect(Markdown.html(fenced).components(separatedBy: "<pre>").count == 2)
    }
}
