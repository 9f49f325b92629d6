import Foundation

/// `docs/<name>.html` from `specs/<name>.md`, and `docs/index.html` listing them.
enum DocsPage {
    struct Document {
        var name: String
        var title: String
        var markdown: String

        /// Converted only when the page is rebuilt: most renders keep every doc page as it was.
        func html() -> String { linkingSiblings(Markdown.html(markdown)) }
    }

    /// Every spec, the operator's guide first.
    static func documents(in folder: ResourceFolder) throws -> [Document] {
        let files = try folder.files().filter { !$0.key.contains("/") && $0.key.hasSuffix(".md") }
        let order = ["operations.md", "config.md", "failover.md", "token-budget.md", "exports.md", "performance.md"]
        let sorted = files.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        return try sorted.map { file in
            guard let markdown = String(data: files[file]!, encoding: .utf8) else {
                throw TemplateError(description: "\(folder.name(of: file)): not UTF-8 text")
            }
            let name = String(file.dropLast(3))
            return Document(name: name, title: Markdown.title(of: markdown) ?? name, markdown: markdown)
        }
    }

    /// Links between specs point at their rendered pages.
    static func linkingSiblings(_ html: String) -> String {
        var result = html
        for match in html.matches(of: /href="([a-z0-9-]+)\.md(#[^"]*)?"/) {
            result = result.replacingOccurrences(of: String(match.output.0), with: "href=\"\(match.output.1).html\(match.output.2 ?? "")\"")
        }
        return result
    }

    static func index(_ snapshot: SiteSnapshot, documents: [Document]) -> [String: Any] {
        snapshot.page(PageChrome(depth: 1, title: "Operator docs", section: .docs), [
            "documents": documents.map { ["name": $0.name, "title": $0.title, "href": "\($0.name).html"] },
        ])
    }

    static func page(_ snapshot: SiteSnapshot, document: Document, all: [Document]) -> [String: Any] {
        snapshot.page(PageChrome(depth: 1, title: document.title, section: .docs), [
            "title": document.title,
            "body": document.html(),
            "documents": all.map { ["title": $0.title, "href": "\($0.name).html", "current": $0.name == document.name] },
        ])
    }
}
