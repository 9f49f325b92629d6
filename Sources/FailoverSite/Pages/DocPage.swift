import FailoverCore
import Foundation

/// `docs/<name>.html` from `specs/<name>.md`; kept until its spec changes, or the list of docs does.
struct DocPage: KeyedArtifact {
    var chrome: PageChrome
    var document: DocsPage.Document
    /// Every doc, for the navigation.
    var all: [DocsPage.Link]

    init(_ snapshot: SiteSnapshot, document: DocsPage.Document, all: [DocsPage.Document]) {
        chrome = snapshot.chrome(depth: 1, title: document.title, section: .docs)
        self.document = document
        self.all = all.map { DocsPage.Link(name: $0.name, title: $0.title) }
    }

    var paths: [String] { ["docs/\(document.name).html"] }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("doc", chrome, context)]
    }

    var context: [String: Any] {
        [
            "title": document.title,
            "body": document.html(),
            "documents": all.map { ["title": $0.title, "href": "\($0.name).html", "current": $0.name == document.name] },
        ]
    }
}
