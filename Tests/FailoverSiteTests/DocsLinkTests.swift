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
