import CSiteSupport
import ConfigLoader
import FailoverCore
import FailoverEngine
import Foundation

/// `failover render`: reads state, ledger, usage and config in one snapshot, renders every artifact
/// `SiteArtifacts` lists, and publishes the site atomically.
///
/// Live artifacts (fleet, budget, config, events index, `status.json`, `feed.json`,
/// `heartbeat.json`) are rebuilt every time. Every other one records the fingerprint of the model it
/// was built from; while that is unchanged the published files are kept without being rendered or
/// their events read: agent pages until the agent's state, history or hourly usage changes, past
/// days' archives until their day gains an event, the docs until a spec changes. A template change
/// rebuilds everything.
package struct SiteRenderer {
    package var config: LoadedConfig
    package var store: any Store
    package var resources: SiteResources
    /// Used only to recognise secrets and keep them out of the output.
    package var environment: [String: String]

    package init(config: LoadedConfig, store: any Store, resources: SiteResources, environment: [String: String]) {
        self.config = config
        self.store = store
        self.resources = resources
        self.environment = environment
    }

    package func render(to target: String, now: Timestamp) throws -> PublishReport {
        FaultPoint.enter("render")
        // A day archive is close to a megabyte, with its gzip twin and copies. By default glibc gives
        // every buffer over 128 KiB its own mapping, zeroed by the kernel when made and unmapped when
        // freed: on the bench fleet, page faults took a fifth of a full render's CPU. Kept in the
        // heap, the buffers are reused, and peak memory barely moves.
        failover_keep_large_buffers()
        var clock = PhaseClock()
        let templates = try SiteTemplates(folder: resources.templates)
        let sources = SiteArtifacts.Sources(
            staticFiles: try resources.staticFiles.files(),
            specAssets: try resources.specs.files().filter { !$0.key.hasSuffix(".md") },
            documents: try DocsPage.documents(in: resources.specs) + [ExampleConfigDocument.document(in: resources.examples)].compactMap { $0 }
        )
        let redactor = SecretRedactorBox(redactor: SecretRedactor(providers: config.config.providers, environment: environment))
        let kit = RenderKit(templates: templates, redactor: redactor, now: now)
        // What every kept file's fingerprint is taken with: the code's and the templates' versions.
        let format = "\(SiteArtifacts.formatVersion)|\(templates.fingerprint)"

        clock.mark("load templates, specs and static files")
        let writer = try SiteWriter(target: target)
        FaultPoint.reach("staged")
        clock.mark("open the site folder")
        let pool = RenderPool()
        do {
            let readers = try store.ledgerReaders()
            let snapshot = try store.read { try SiteSnapshot.read($0, config: config, now: now) }
            clock.mark("read the snapshot")
            for group in SiteArtifacts.groups(snapshot, sources: sources) {
                for artifacts in group.artifacts {
                    try publish(artifacts, format: format, kit: kit, readers: readers, through: snapshot.lastEventID, writer: writer, pool: pool)
                }
                clock.mark(group.name)
            }
            try pool.finish()
            clock.mark("rendering")
            var report = try writer.commit()
            clock.mark("publish")
            report.phases = clock.phases
            return report
        } catch {
            // Pages already handed to the pool must stop writing before the staging folder goes.
            try? pool.finish()
            writer.abort()
            throw error
        }
    }

    /// Keeps each artifact's published files when its fingerprint matches the one they were built
    /// from; otherwise reads the events it names and renders it, both on the pool: the reads of a
    /// year of day pages then run on every core, like the rendering. Artifacts published together
    /// (an agent's page and JSON) are kept one by one, and those rebuilt share one read: the first
    /// one's slice, or the only rebuilt one's own.
    private func publish(_ artifacts: [any SiteArtifact], format: String, kit: RenderKit, readers: any LedgerReaders, through lastID: Int64,
                         writer: SiteWriter, pool: RenderPool) throws {
        var stale: [(artifact: any SiteArtifact, inputs: String?)] = []
        for artifact in artifacts {
            var inputs: String?
            if case .keyed(let fingerprint) = artifact.freshness {
                let key = fingerprint.combined(with: format).hex
                if try artifact.paths.allSatisfy({ path throws(PublishError) in try writer.keep(path, inputs: key) }) { continue }
                inputs = key
            }
            stale.append((artifact, inputs))
        }
        guard let first = stale.first else { return }
        let slice = stale.count == 1 ? first.artifact.ledger : artifacts[0].ledger
        try pool.submit { [stale] in
            let events = try slice.map { try SiteSnapshot.events($0, from: readers, through: lastID) } ?? []
            for (artifact, inputs) in stale {
                let files = try artifact.render(events: events, kit: kit)
                let paths = artifact.paths
                precondition(files.count == paths.count, "\(paths): rendered \(files.count) files")
                for (path, data) in zip(paths, files) { try writer.write(path, data, inputs: inputs) }
            }
        }
    }

    /// Time between marks, for the render's debug log.
    struct PhaseClock {
        private var last = DispatchTime.now().uptimeNanoseconds
        private(set) var phases: [RenderPhase] = []

        mutating func mark(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            phases.append(RenderPhase(name: name, seconds: Double(now - last) / 1e9))
            last = now
        }
    }
}
