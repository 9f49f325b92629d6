import FailoverCore
import FailoverEngine

/// The parts every page shares (where the site root is, the title, the navigation, how soon the
/// page counts as stale): part of each page's model, so a kept page is rebuilt when any changes.
struct PageChrome: Hashable, Encodable, Sendable {
    enum Section: String, CaseIterable, Encodable, Sendable {
        case fleet, providers, budget, events, config, docs
    }

    var depth: Int
    var title: String
    /// Nil on a page outside every section (`404.html`).
    var section: Section?
    /// Rebuilt by every render, so its own time says how fresh the site is. Other pages are kept
    /// while their models do not change; the script asks `heartbeat.json` instead.
    var live: Bool
    /// Archived pages (past days) never go stale: they are complete.
    var archived: Bool
    var siteTitle: String
    /// `service.stale_after` in seconds; nil on archived pages.
    var staleAfter: Int?
    /// `service.refresh` in seconds: the page reloads itself this often, with or without script.
    /// Nil when the config turns it off, and on pages that show no fleet state to go stale: archived
    /// days (complete), the docs and `404.html` (a reload there only loses the reader's place).
    var refresh: Int?
    /// Where the site's root is for a page served at any depth (`404.html`): an absolute path such as
    /// `/` or `/status/`. Nil for pages at a fixed place, which link relative to `depth`.
    var rootPath: String?

    var root: String { rootPath ?? String(repeating: "../", count: depth) }

    /// The layout's context. `now` is the render's moment: the page says when it was built.
    func context(generatedAt now: Timestamp) -> [String: Any] {
        var context: [String: Any] = [
            "root": root,
            "siteTitle": siteTitle,
            "pageTitle": title,
            "generatedAt": now.description,
            "generatedDisplay": Format.time(now),
            "nav": Dictionary(uniqueKeysWithValues: Section.allCases.map { ($0.rawValue, $0 == section) }),
            "archived": archived,
            "live": live,
        ]
        if let staleAfter { context["staleAfter"] = staleAfter }
        if let refresh { context["refresh"] = refresh }
        return context
    }
}

extension SiteSnapshot {
    /// A page's chrome, with the site's title, staleness and refresh from the config.
    func chrome(depth: Int, title: String, section: PageChrome.Section?, live: Bool = false, archived: Bool = false) -> PageChrome {
        let refresh = fleet.service.refresh.seconds
        let showsState = !archived && section != nil && section != .docs
        return PageChrome(depth: depth, title: title, section: section, live: live, archived: archived,
                          siteTitle: fleet.service.siteTitle, staleAfter: archived ? nil : fleet.service.staleAfter.seconds,
                          refresh: showsState && refresh > 0 ? refresh : nil)
    }
}

/// A redactor usable from page builders; holds the render environment's secrets.
struct SecretRedactorBox: Sendable {
    var redactor: SecretRedactor
    func redact(_ text: String) -> String { redactor.redact(text) }
}
