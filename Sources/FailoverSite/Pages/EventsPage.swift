import FailoverCore

/// `events/index.html` (the latest events and the list of days) and `events/YYYY-MM-DD.html`
/// (one UTC day, newest first; once a day is over its page never changes unless the ledger does).
enum EventsPage {
    static func index(_ snapshot: SiteSnapshot) -> [String: Any] {
        let content: [String: Any] = [
            "rows": EventRowHTML.placeholder,
            "hasEvents": !snapshot.recentEvents.isEmpty,
            "limit": SiteSnapshot.recentLimit,
            "days": snapshot.days.map { ["day": $0.day, "count": Format.number($0.count), "href": "\($0.day).html"] as [String: Any] },
        ]
        return snapshot.page(PageChrome(depth: 1, title: "Events", section: .events, live: true), content)
    }

    static func day(_ snapshot: SiteSnapshot, day: String, events: [LedgerEvent], archived: Bool, neighbours: (newer: String?, older: String?)) -> [String: Any] {
        var content: [String: Any] = [
            "day": day,
            "rows": EventRowHTML.placeholder,
            "count": Format.number(events.count),
        ]
        if let newer = neighbours.newer { content["newer"] = ["day": newer, "href": "\(newer).html"] }
        if let older = neighbours.older { content["older"] = ["day": older, "href": "\(older).html"] }
        return snapshot.page(PageChrome(depth: 1, title: "Events on \(day)", section: .events, archived: archived), content)
    }
}
