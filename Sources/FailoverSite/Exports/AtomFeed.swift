import FailoverCore
import Foundation

/// `feed.atom`: the entries of `feed.json` as an Atom 1.0 feed (RFC 4287), for the readers and chat
/// integrations that take Atom or RSS but not JSON Feed. Rebuilt by every render, like `feed.json`.
struct AtomFeed: SiteArtifact {
    var snapshot: SiteSnapshot

    var paths: [String] { ["feed.atom"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [Data(xml(redactor: kit.redactor).utf8)]
    }

    func xml(redactor: SecretRedactorBox) -> String {
        let entries = FeedEntry.entries(snapshot, redactor: redactor)
        let author = "<author><name>\(XMLText.escaped(snapshot.fleet.service.siteTitle))</name></author>"
        // The feed changed when its newest entry was written; an empty one says when it was rendered.
        let updated = entries.first?.event.at ?? snapshot.now
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>\(XMLText.escaped(feedID))</id>
            <title type="text">\(XMLText.escaped(FeedEntry.feedTitle(snapshot)))</title>
            <subtitle type="text">\(XMLText.escaped(FeedEntry.feedDescription))</subtitle>
            <updated>\(updated)</updated>
            \(author)
            <link rel="self" type="application/atom+xml" href="\(link("feed.atom"))"/>
            <link rel="alternate" type="text/html" href="\(link("index.html"))"/>
            <generator>failover</generator>

            """
        for entry in entries {
            xml += """
                <entry>
                <id>\(XMLText.escaped(entry.id))</id>
                <title type="text">\(XMLText.escaped(entry.title))</title>
                <updated>\(entry.event.at)</updated>
                <published>\(entry.event.at)</published>
                \(author)
                <link rel="alternate" type="text/html" href="\(link(entry.path))"/>
                \(entry.tags.map { "<category term=\"\(XMLText.escaped($0))\"/>" }.joined())
                <content type="text">\(XMLText.escaped(entry.text))</content>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    /// A site path, absolute under `service.base_url` when it is set. Without it, relative to the
    /// feed itself (which sits at the site root), as RFC 4287 allows: a reader resolves it against
    /// the address it fetched the feed from.
    func link(_ path: String) -> String {
        XMLText.escaped((snapshot.fleet.service.baseURL ?? "") + path)
    }

    /// The feed's own id: its address when the site has one, else a name that stays the same from one
    /// render to the next (readers use it to tell a feed they already follow).
    var feedID: String {
        snapshot.fleet.service.baseURL.map { $0 + "feed.atom" } ?? "urn:failover:\(snapshot.siteID):feed"
    }
}
