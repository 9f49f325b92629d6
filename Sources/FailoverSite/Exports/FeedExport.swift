import FailoverCore
import FailoverEngine
import Foundation

/// `feed.json`: the latest ledger events as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1),
/// rebuilt by every render.
struct FeedExport: SiteArtifact {
    var snapshot: SiteSnapshot

    var paths: [String] { ["feed.json"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [json(redactor: kit.redactor).data()]
    }

    func json(redactor: SecretRedactorBox) -> JSONValue {
        let base = snapshot.fleet.service.baseURL
        let items: [JSONValue] = FeedEntry.entries(snapshot, redactor: redactor).map { entry in
            .object([
                "id": .string(entry.id),
                "url": .optional(base.map { $0 + entry.path }),
                "title": .string(entry.title),
                "content_text": .string(entry.text),
                "date_published": .time(entry.event.at),
                "tags": .array(entry.tags.map(JSONValue.string)),
                "_failover": Self.ledger(entry.event),
            ])
        }
        return .object([
            "version": .string("https://jsonfeed.org/version/1.1"),
            "title": .string(FeedEntry.feedTitle(snapshot)),
            "description": .string(FeedEntry.feedDescription),
            "home_page_url": .optional(base.map { $0 + "index.html" }),
            "feed_url": .optional(base.map { $0 + "feed.json" }),
            "items": .array(items),
        ])
    }

    /// The event's ledger fields, taken from the object `failover events --json` prints, so the two
    /// cannot spell or shape a field differently.
    static func ledger(_ event: LedgerEvent) -> JSONValue {
        EventJSON.value(event, fields: EventJSON.ledgerFields)
    }
}
