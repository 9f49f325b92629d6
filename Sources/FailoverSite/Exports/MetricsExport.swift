import FailoverCore
import FailoverEngine
import Foundation

/// `metrics.prom`: the fleet in Prometheus's text format, for a scraper pointed at the site (or a
/// textfile collector fed from it). Live: its ages, cooldowns, usage and render time move with the
/// clock. The same families `failover metrics` prints, with the render's time as its stamp.
struct MetricsExport: SiteArtifact {
    var metrics: FleetMetrics

    var paths: [String] { ["metrics.prom"] }
    var freshness: Freshness { .live }

    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [Data(metrics.prometheusText(.render).utf8)]
    }
}
