import FailoverCore
import Foundation

/// Every file a render publishes, as the list of artifacts `SiteRenderer` walks: adding a page or an
/// export is adding it here. Grouped so the render's debug log can say what each part cost.
enum SiteArtifacts {
    /// Artifacts rendered one after another, timed together.
    struct Group {
        var name: String
        /// Each inner list is published together: every member is kept or rebuilt on its own
        /// fingerprint, and the members rebuilt share one read of the ledger, the first member's
        /// slice, which must hold every other member's (an agent's page and its JSON).
        var artifacts: [[any SiteArtifact]]

        init(name: String, artifacts: [any SiteArtifact]) {
            self.name = name
            self.artifacts = artifacts.map { [$0] }
        }

        init(name: String, sharing artifacts: [[any SiteArtifact]]) {
            self.name = name
            self.artifacts = artifacts
        }
    }

    /// What the artifacts are built from besides the snapshot: the resources read before it.
    struct Sources {
        /// `site/`, copied as it is.
        var staticFiles: [String: Data]
        /// The specs' images and other non-Markdown files, copied under `docs/`.
        var specAssets: [String: Data]
        var documents: [DocsPage.Document]
    }

    /// Folded into every kept file's fingerprint. Page models and templates are fingerprinted as they
    /// are, but some bytes are written by Swift code alone: the event rows, the history bars and the
    /// agent JSON (`EventRowHTML`, `HistoryBarsHTML`, `AgentExport`, the engine's `EventJSON`). A
    /// release that changes what that code writes for the same model bumps this, or kept pages would go on showing the old form until
    /// their agent or day next changes. `KeptFormatTests` fails when those bytes change without it.
    /// 5: tiers in event rows as plain digits (`2→3`, `2→paused`), no emoji in the failure badge.
    /// 6: `pause_reason` in the agent JSON.
    /// 7: the agent JSON's `schema_version` 4 (`status.json` gained `fleet`).
    /// 8: compact history bars (a path per colour, a rect and title per run of alike days).
    /// 9: the agent JSON's `schema_version` 5 (`held`, `flap_count`, `cooldown_seconds`, `retry_after_seconds`).
    /// 10: the agent JSON's `host`.
    static let formatVersion = 10

    static func groups(_ snapshot: SiteSnapshot, sources: Sources) -> [Group] {
        let agents = snapshot.statuses.map { AgentPage(snapshot, $0) }
        let exports = snapshot.statuses.map { AgentExport(snapshot, $0) }
        let days = snapshot.days.enumerated().compactMap { index, day in
            DayPage(snapshot, day, older: index + 1 < snapshot.days.count ? snapshot.days[index + 1].day : nil)
        }
        let copied = sources.staticFiles.map { CopiedFile(path: $0.key, data: $0.value) }
            + sources.specAssets.map { CopiedFile(path: "docs/" + $0.key, data: $0.value) }
        let providers = ProviderActivity(fleet: snapshot.fleet, statuses: snapshot.statuses, events: snapshot.switchEvents, now: snapshot.now)
        let index = IndexPage(snapshot, agents: agents.map(\.summary), providers: providers)
        let live: [any SiteArtifact] = [
            index,
            ProvidersPage(snapshot, activity: providers),
            BudgetPage(snapshot),
            ConfigPage(snapshot),
            EventsPage(snapshot),
            StatusExport(snapshot: snapshot, agents: exports.map(\.status), banner: index.banner),
            FeedExport(snapshot: snapshot),
            AtomFeed(snapshot: snapshot),
            StatuspageSummary(snapshot: snapshot, banner: index.banner.text),
            Badge(snapshot: snapshot),
            HeartbeatExport(now: snapshot.now),
            MetricsExport(metrics: snapshot.metrics),
        ]
        let docs: [any SiteArtifact] = [DocsPage(snapshot, documents: sources.documents), NotFoundPage(snapshot)]
            + sources.documents.map { DocPage(snapshot, document: $0, all: sources.documents) }
        return [
            Group(name: "static files", artifacts: copied),
            Group(name: "live pages and exports", artifacts: live),
            // The page's slice (a month of the agent's events and its last 50) holds the JSON's.
            Group(name: "agent pages and JSON (reads)", sharing: zip(agents, exports).map { [$0, $1] }),
            Group(name: "day pages (reads)", artifacts: days),
            Group(name: "docs", artifacts: docs),
        ]
    }
}
