import FailoverCore
import FailoverEngine

/// `feed.json`: the latest ledger events as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
struct FeedExport: Encodable {
    struct Item: Encodable {
        /// Ledger-specific fields, under JSON Feed's extension convention.
        struct Extension: Encodable {
            var agent: String
            var kind: String
            var fromTier: Int
            var toTier: Int
            var failureKind: String?
            var source: String

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(agent, forKey: .agent)
                try c.encode(kind, forKey: .kind)
                try c.encode(fromTier, forKey: .fromTier)
                try c.encode(toTier, forKey: .toTier)
                try c.encode(failureKind, forKey: .failureKind)
                try c.encode(source, forKey: .source)
            }

            enum Keys: String, CodingKey {
                case agent, kind, source, fromTier = "from_tier", toTier = "to_tier", failureKind = "failure_kind"
            }
        }

        var id: String
        var url: String?
        var title: String
        var contentText: String
        var datePublished: Timestamp
        var tags: [String]
        var failover: Extension

        enum CodingKeys: String, CodingKey {
            case id, url, title, tags
            case contentText = "content_text", datePublished = "date_published", failover = "_failover"
        }
    }

    static let itemLimit = 100

    var version = "https://jsonfeed.org/version/1.1"
    var title: String
    var description: String
    var homePageURL: String?
    var feedURL: String?
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case version, title, description, items
        case homePageURL = "home_page_url", feedURL = "feed_url"
    }

    init(_ snapshot: SiteSnapshot, redactor: SecretRedactorBox) {
        let base = snapshot.fleet.service.baseURL
        title = "\(snapshot.fleet.service.siteTitle): failover events"
        description = "Tier switches, pauses and operator actions of the agent fleet, newest first."
        homePageURL = base.map { $0 + "index.html" }
        feedURL = base.map { $0 + "feed.json" }
        let typeOf = Dictionary(snapshot.statuses.map { ($0.agent, $0.type.name) }, uniquingKeysWith: { a, _ in a })
        items = snapshot.recentEvents.prefix(Self.itemLimit).map { event in
            var title = "\(event.agent): \(Format.eventLabel(event.kind))"
            if event.fromTier != event.toTier {
                title += " \(TierGlyph.glyph(tier: event.fromTier, paused: false))→\(TierGlyph.glyph(tier: event.toTier, paused: false))"
            }
            if let failure = event.failureKind { title += " (\(Format.failureLabel(failure)))" }
            var text = redactor.redact(event.detail)
            if let provider = event.provider, let model = event.model { text += (text.isEmpty ? "" : " · ") + "now on \(provider)/\(model)" }
            var tags = [event.kind.rawValue, event.agent, event.source.rawValue]
            if let type = typeOf[event.agent] { tags.append(type) }
            if let failure = event.failureKind { tags.append(failure.rawValue) }
            return Item(
                id: "failover-event-\(event.id ?? 0)",
                url: base.map { "\($0)agents/\(event.agent).html" },
                title: title,
                contentText: text.isEmpty ? title : text,
                datePublished: event.at,
                tags: tags,
                failover: Item.Extension(agent: event.agent, kind: event.kind.rawValue, fromTier: event.fromTier, toTier: event.toTier,
                                         failureKind: event.failureKind?.rawValue, source: event.source.rawValue)
            )
        }
    }
}
