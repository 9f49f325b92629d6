import FailoverCore
import Foundation

/// `events/index.html`: the latest events and the list of days, rebuilt by every render.
struct EventsPage: SiteArtifact {
    var chrome: PageChrome
    /// Newest first.
    var events: [LedgerEvent]
    /// Newest first.
    var days: [EventDay]

    init(_ snapshot: SiteSnapshot) {
        chrome = snapshot.chrome(depth: 1, title: "Events", section: .events, live: true)
        events = snapshot.recentEvents
        days = snapshot.days
    }

    var paths: [String] { ["events/index.html"] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        let rows = EventRowHTML.rows(events, root: chrome.root, redactor: kit.redactor)
        return [try kit.page("events", chrome, context, splicing: [Splice(placeholder: EventRowHTML.placeholder, bytes: rows)])]
    }

    var context: [String: Any] {
        [
            "rows": EventRowHTML.placeholder,
            "hasEvents": !events.isEmpty,
            "limit": SiteSnapshot.recentLimit,
            "days": days.map { ["day": $0.day, "count": Format.number($0.count), "href": "\($0.day).html"] as [String: Any] },
        ]
    }
}
