import FailoverCore
import Foundation

/// `events/YYYY-MM-DD.html`: one UTC day's events, newest first. Kept as published until the day
/// gains an event or its link to the day before changes: once a day is over its page never changes
/// unless the ledger does.
struct DayPage: KeyedArtifact {
    var chrome: PageChrome
    /// `2026-11-24`.
    var day: String
    var start: Timestamp
    /// The day's event count and newest id. The ledger is append-only, so these name the events shown.
    var count: Int
    var lastID: Int64
    /// The day before with events, for the pager.
    var older: String?

    /// Nil when the store's day is not a date (then there is no page to write).
    init?(_ snapshot: SiteSnapshot, _ day: EventDay, older: String?) {
        guard let start = Timestamp(rfc3339: day.day + "T00:00:00Z") else { return nil }
        chrome = snapshot.chrome(depth: 1, title: "Events on \(day.day)", section: .events, archived: day.day < snapshot.now.utcDay)
        self.day = day.day
        self.start = start
        count = day.count
        lastID = day.lastID
        self.older = older
    }

    var paths: [String] { ["events/\(day).html"] }

    var ledger: LedgerSlice? { .day(starting: start) }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        let rows = EventRowHTML.dayRows(events, root: chrome.root, redactor: kit.redactor)
        return [try kit.page("events-day", chrome, context(shown: events.count), splicing: [Splice(placeholder: EventRowHTML.placeholder, bytes: rows)])]
    }

    func context(shown: Int) -> [String: Any] {
        var context: [String: Any] = ["day": day, "rows": EventRowHTML.placeholder, "count": Format.number(shown)]
        if let older { context["older"] = ["day": older, "href": "\(older).html"] }
        return context
    }
}
