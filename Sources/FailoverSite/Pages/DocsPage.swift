import FailoverCore
import Foundation

/// `docs/index.html`, listing the operator docs; kept until a doc is added, removed or retitled.
struct DocsPage: KeyedArtifact {
    /// A spec, `specs/<name>.md`, rendered as `docs/<name>.html`.
    struct Document: Hashable, Encodable, Sendable {
        var name: String
        var title: String
        var markdown: String

        /// Converted only when the page is rebuilt: most renders keep every doc page as it was.
        func html() -> String { DocsPage.linkingSiblings(Markdown.html(markdown)) }
    }

    /// A doc as the docs' navigation lists it.
    struct Link: Hashable, Encodable, Sendable {
        var name: String
        var title: String
    }

    var chrome: PageChrome
    var documents: [Link]

    init(_ snapshot: SiteSnapshot, documents: [Document]) {
        chrome = snapshot.chrome(depth: 1, title: "Operator docs", section: .docs)
        self.documents = documents.map { Link(name: $0.name, title: $0.title) }
    }

    var paths: [String] { ["docs/index.html"] }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("docs-index", chrome, context)]
    }

    var context: [String: Any] {
        ["documents": documents.map { ["name": $0.name, "title": $0.title, "href": "\($0.name).html"] }]
    }

    /// Every spec, the operator's guide first.
    static func documents(in folder: ResourceFolder) throws -> [Document] {
        let files = try folder.files().filter { !$0.key.contains("/") && $0.key.hasSuffix(".md") }
        let order = ["operations.md", "config.md", "failover.md", "token-budget.md", "exports.md", "performance.md"]
        let sorted = files.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        return try sorted.map { file in
            guard let data = files[file], let markdown = String(data: data, encoding: .utf8) else {
                throw TemplateError(description: "\(folder.name(of: file)): not UTF-8 text")
            }
            let name = String(file.dropLast(3))
            return Document(name: name, title: Markdown.title(of: markdown) ?? name, markdown: markdown)
        }
    }

    /// Links between specs point at their rendered pages, and the specs' link to the example config
    /// (`../examples/failover.yaml`, right in a checkout) at its page on the site.
    static func linkingSiblings(_ html: String) -> String {
        var result = html.replacingOccurrences(of: "href=\"../examples/failover.yaml\"", with: "href=\"\(ExampleConfigDocument.name).html\"")
        for match in html.matches(of: /href="([a-z0-9-]+)\.md(#[^"]*)?"/) {
            result = result.replacingOccurrences(of: String(match.output.0), with: "href=\"\(match.output.1).html\(match.output.2 ?? "")\"")
        }
        return result
    }
}
