import FailoverCore
import Foundation

/// One thing a render publishes (a page, an export, a copied file, or a page and its JSON twin)
/// built from one model. `SiteRenderer` walks the list `SiteArtifacts` makes and, for each, keeps the
/// published files, or reads what the artifact names from the ledger and renders it.
protocol SiteArtifact: Sendable {
    /// The files it writes, relative to the site root; `render` returns their bytes in this order.
    var paths: [String] { get }
    /// Whether a render may keep the published files instead of rendering them again.
    var freshness: Freshness { get }
    /// Ledger events it shows that the snapshot does not hold: read only when it is rendered, so a
    /// render that keeps an agent's page never touches that agent's history.
    var ledger: LedgerSlice? { get }
    /// The files' bytes, from the model and the events `ledger` named. Runs on a rendering thread.
    func render(events: [LedgerEvent], kit: RenderKit) throws -> [Data]
}

extension SiteArtifact {
    var ledger: LedgerSlice? { nil }
}

/// When a render rebuilds an artifact.
enum Freshness: Equatable, Sendable {
    /// Every render: the page shows the moment of the render (the fleet, `status.json`).
    case live
    /// Only when this fingerprint of the artifact's model (with the templates') differs from the one
    /// the published files were built from.
    case keyed(Fingerprint)
}

/// An artifact whose model is itself: kept while a fingerprint of all of its stored properties is
/// unchanged. What the page shows and what decides whether it is rebuilt are the same value, so they
/// cannot drift apart. Its ledger slice is named by a field of the model (the agent's newest event
/// id, the day's count and newest id), since the ledger is append-only.
///
/// The one thing a kept page shows that is not in its model is the layout's clock: it says when the
/// page was last rebuilt, and `heartbeat.json` tells the page's script whether the site is fresh.
protocol KeyedArtifact: SiteArtifact, Encodable, Equatable {}

extension KeyedArtifact {
    var freshness: Freshness { .keyed(Fingerprint(of: self)) }
}

/// The events an artifact shows beyond the snapshot.
enum LedgerSlice: Hashable, Sendable {
    /// An agent's newest events, newest first.
    case agent(AgentID, limit: Int)
    /// The same, and every event since `since` with the last one before it (where the agent stood
    /// then): what its history is computed from. Newest first, so the first `limit` are the newest.
    case agentHistory(AgentID, limit: Int, since: Timestamp)
    /// One UTC day's events, starting at its midnight, newest first.
    case day(starting: Timestamp)
}

/// What every artifact renders with besides its model.
struct RenderKit: Sendable {
    var templates: SiteTemplates
    var redactor: SecretRedactorBox
    /// For the layout's clock only (see `KeyedArtifact`); anything else a page shows is in its model.
    var now: Timestamp

    /// A page in the layout: the template rendered with the chrome's and the page's context, and
    /// pre-rendered rows spliced in at their placeholders.
    func page(_ template: String, _ chrome: PageChrome, _ content: [String: Any], splicing parts: [Splice] = []) throws -> Data {
        try templates.render(template, chrome.context(generatedAt: now).merging(content) { _, page in page }, splicing: parts)
    }
}
