import FailoverCore
import FailoverEngine

/// The parts every page shares: where the site root is, the title, the navigation, the clock.
struct PageChrome {
    enum Section: String, CaseIterable {
        case fleet, budget, events, config, docs
    }

    var depth: Int
    var title: String
    var section: Section
    /// Rebuilt by every render, so its own time says how fresh the site is. Other pages are kept
    /// while their inputs do not change; the script asks `heartbeat.json` instead.
    var live = false
    /// Archived pages (past days) never go stale: they are complete.
    var archived = false

    var root: String { String(repeating: "../", count: depth) }
}

extension SiteSnapshot {
    /// The layout's context merged with a page's own.
    func page(_ chrome: PageChrome, _ content: [String: Any]) -> [String: Any] {
        var context: [String: Any] = [
            "root": chrome.root,
            "siteTitle": fleet.service.siteTitle,
            "pageTitle": chrome.title,
            "generatedAt": now.description,
            "generatedDisplay": Format.time(now),
            "nav": Dictionary(uniqueKeysWithValues: PageChrome.Section.allCases.map { ($0.rawValue, $0 == chrome.section) }),
            "archived": chrome.archived,
            "live": chrome.live,
        ]
        if !chrome.archived { context["staleAfter"] = fleet.service.staleAfter.seconds }
        context.merge(content) { _, page in page }
        return context
    }

}

/// A redactor usable from page builders; holds the render environment's secrets.
struct SecretRedactorBox: Sendable {
    var redactor: SecretRedactor
    func redact(_ text: String) -> String { redactor.redact(text) }
}
