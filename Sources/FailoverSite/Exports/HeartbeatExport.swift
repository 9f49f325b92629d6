import FailoverCore
import FailoverEngine

/// `heartbeat.json`: rewritten by every render. Pages kept from earlier renders ask it how fresh the
/// site is, so their stale warning reflects the batch job, not the page.
enum HeartbeatExport {
    static func value(_ now: Timestamp) -> JSONValue {
        .object(["schema_version": .integer(StatusExport.schemaVersion), "generated_at": .time(now)])
    }
}
