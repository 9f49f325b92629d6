import FailoverCore
import FailoverEngine
import Foundation

/// `heartbeat.json`: rewritten by every render. Pages kept from earlier renders ask it how fresh the
/// site is, so their stale warning reflects the batch job, not the page.
struct HeartbeatExport: SiteArtifact {
    var now: Timestamp

    var paths: [String] { ["heartbeat.json"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [JSONValue.object(["schema_version": .integer(StatusExport.schemaVersion), "generated_at": .time(now)]).data()]
    }
}
