import FailoverCore
import FailoverEngine

/// One ledger event as the feeds show it. `feed.json` and `feed.atom` are built from the same entries,
/// so the two cannot disagree on an id, a title, a link or what is redacted.
struct FeedEntry {
    static let limit = 100

    /// `failover-event-<ledger id>`: stable, since the ledger is append-only.
    var id: String
    var event: LedgerEvent
    var title: String
    /// The detail, redacted, and the provider now active; the title when there is neither.
    var text: String
    /// The agent's page relative to the site root.
    var path: String
    var tags: [String]

    static func feedTitle(_ snapshot: SiteSnapshot) -> String { "\(snapshot.fleet.service.siteTitle): failover events" }
    static let feedDescription = "Tier switches, pauses and operator actions of the agent fleet, newest first."

    /// The snapshot's newest events, newest first. `redactor` removes every key from the detail: it is
    /// the only text here that did not come from the validated config.
    static func entries(_ snapshot: SiteSnapshot, redactor: SecretRedactorBox) -> [FeedEntry] {
        let typeOf = Dictionary(snapshot.statuses.map { ($0.agent, $0.type.name) }, uniquingKeysWith: { a, _ in a })
        return snapshot.recentEvents.prefix(limit).map { event in
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
            return FeedEntry(
                id: "failover-event-\(event.id ?? 0)", event: event, title: title, text: text.isEmpty ? title : text,
                path: "agents/\(event.agent).html", tags: tags
            )
        }
    }
}
