import FailoverCore
import Foundation

/// A file copied into the site as it is: `site/` (CSS, script, icon) and the images beside the specs.
/// Written by every render; the writer finds the bytes unchanged and keeps the published file.
struct CopiedFile: SiteArtifact {
    var path: String
    var data: Data

    var paths: [String] { [path] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit _: RenderKit) throws -> [Data] { [data] }
}
