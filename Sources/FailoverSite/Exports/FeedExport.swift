import FailoverCore
import FailoverEngine
import Foundation

/// `feed.json`: the latest ledger events as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1),
/// rebuilt by every render.
struct FeedExport: SiteArtifact {
    static let itemLimit = 100

    var snapshot: SiteSnapshot

    var paths: [String] { ["feed.json"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [json(redactor: kit.redactor).data()]
    }

    func json(redactor: SecretRedactorBox) -> JSONValue {
        let base = snapshot.fleet.service.baseURL
        let typeOf = Dictionary(snapshot.statuses.map { ($0.agent, $0.type.name) }, uniquingKeysWith: { a, _ in a })
        let items: [JSONValue] = snapshot.recentEvents.prefix(Self.itemLimit).map { event in
            var title = "\(event.agent): \(Format.eventLabel(event.kind))"
            if event.fromTier != event.toTier {
                title += " \(TierGlyph.glyph(tier: event.fromTier, paused: false))→\(TierGlyph.glyph(tier: event.toTier, paused: false))"
            }
            if let failure = event.failureKind { title += " (\(Format.failureLabel(failure)))" }
            var text = redactor.redact(event.detail)
            if let provider = event.provider, let model = event.model { text += (text.isEmpty ? "" : " · ") + "now on \(provider)/\(model)" }
            var tags = [event.kind.rawValue, event.agent.rawValue, event.source.rawValue]
            if let type = typeOf[event.agent] { tags.append(type.rawValue) }
            if let failure = event.failureKind { tags.append(failure.rawValue) }
            return .object([
                "id": .string("failover-event-\(event.id ?? 0)"),
                "url": .optional(base.map { "\($0)agents/\(event.agent).html" }),
                "title": .string(title),
                "content_text": .string(text.isEmpty ? title : text),
                "date_published": .time(event.at),
                "tags": .array(tags.map(JSONValue.string)),
                "_failover": Self.ledger(event),
            ])
        }
        return .object([
            "version": .string("https://jsonfeed.org/version/1.1"),
            "title": .string("\(snapshot.fleet.service.siteTitle): failover events"),
            "description": .string("Tier switches, pauses and operator actions of the agent fleet, newest first."),
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
