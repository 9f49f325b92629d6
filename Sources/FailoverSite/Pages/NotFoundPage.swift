import FailoverCore
import Foundation

/// `404.html`: what nginx's `error_page 404 /404.html;` serves for a missing page, at whatever
/// address was asked for. Its links therefore start at the site's root path (`/`, or the path of
/// `service.base_url` when the site is served below one) instead of relative to where it sits.
/// Kept until the config's title, base URL or the templates change.
struct NotFoundPage: KeyedArtifact {
    var chrome: PageChrome

    init(_ snapshot: SiteSnapshot) {
        chrome = snapshot.chrome(depth: 0, title: "Page not found", section: nil)
        chrome.rootPath = Self.rootPath(baseURL: snapshot.fleet.service.baseURL)
    }

    var paths: [String] { ["404.html"] }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("404", chrome, [:])]
    }

    /// `https://status.example.com/fleet/` -> `/fleet/`; no base URL -> `/`.
    static func rootPath(baseURL: String?) -> String {
        guard let baseURL, let scheme = baseURL.range(of: "://") else { return "/" }
        let afterHost = baseURL[scheme.upperBound...].drop { $0 != "/" }
        let path = afterHost.prefix { $0 != "?" && $0 != "#" }
        guard !path.isEmpty else { return "/" }
        return path.hasSuffix("/") ? String(path) : path + "/"
    }
}
