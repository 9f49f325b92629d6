import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation

/// `failover render`: reads state, ledger, usage and config in one snapshot, renders every page and
/// export, and publishes the site atomically.
public struct SiteRenderer {
    public var config: LoadedConfig
    public var store: FailoverStore
    public var resources: SiteResources
    /// Used only to recognise secrets and keep them out of the output.
    public var environment: [String: String]

    public init(config: LoadedConfig, store: FailoverStore, resources: SiteResources, environment: [String: String]) {
        self.config = config
        self.store = store
        self.resources = resources
        self.environment = environment
    }

    public func render(to target: String, now: Timestamp) throws -> PublishReport {
        let previous = try SitePublisher.checkTarget(URL(fileURLWithPath: target).standardizedFileURL.path)
        let build = try self.build(now: now, previous: previous)
        return try SitePublisher.publish(build, to: target)
    }

    /// Every file of the site. Past days' archives whose inputs match `previous` are marked kept.
    public func build(now: Timestamp, previous: SiteManifest? = nil) throws -> SiteBuild {
        let templates = try SiteTemplates(folder: resources.templates)
        let staticFiles = try Self.staticFiles(in: resources.staticFiles)
        let documents = try DocsPage.documents(in: resources.specs)
        let redactor = SecretRedactorBox(redactor: SecretRedactor(providers: config.config.providers, environment: environment))

        var build = SiteBuild()
        for (path, data) in staticFiles { build.files[path] = data }
        // Images and other assets the specs refer to sit beside their rendered pages.
        for (path, data) in try Self.staticFiles(in: resources.specs) where !path.hasSuffix(".md") { build.files["docs/" + path] = data }
        try store.read { reader in
            let snapshot = try SiteSnapshot.read(reader, config: config, now: now)
            build.files["index.html"] = try templates.render("index", IndexPage.context(snapshot, redactor: redactor))
            build.files["budget.html"] = try templates.render("budget", BudgetPage.context(snapshot))
            build.files["config.html"] = try templates.render("config", ConfigPage.context(snapshot))
            build.files["status.json"] = try ExportEncoder.encode(StatusExport(snapshot))
            build.files["feed.json"] = try ExportEncoder.encode(FeedExport(snapshot, redactor: redactor))
            for status in snapshot.statuses {
                build.files["agents/\(status.agent).html"] = try templates.render("agent", AgentPage.context(snapshot, status, redactor: redactor))
                build.files["agents/\(status.agent).json"] = try ExportEncoder.encode(AgentExport(snapshot, status, redactor: redactor))
            }
            build.files["events/index.html"] = try templates.render("events", EventsPage.index(snapshot, redactor: redactor))
            try renderDays(snapshot, reader: reader, templates: templates, previous: previous, redactor: redactor, into: &build)
            build.files["docs/index.html"] = try templates.render("docs-index", DocsPage.index(snapshot, documents: documents))
            for document in documents {
                build.files["docs/\(document.name).html"] = try templates.render("doc", DocsPage.page(snapshot, document: document, all: documents))
            }
        }
        return build
    }

    /// One page per UTC day with events. A past day's page is kept as published while its events,
    /// its link to the day before and the templates are unchanged: past days never change.
    private func renderDays(_ snapshot: SiteSnapshot, reader: StoreReader, templates: SiteTemplates, previous: SiteManifest?,
                            redactor: SecretRedactorBox, into build: inout SiteBuild) throws {
        let today = snapshot.now.utcDay
        for (index, day) in snapshot.days.enumerated() {
            let path = "events/\(day.day).html"
            let older = index + 1 < snapshot.days.count ? snapshot.days[index + 1].day : nil
            let archived = day.day < today
            let inputs = "\(day.count):\(day.lastID):\(older ?? "-"):\(templates.fingerprint)"
            if archived, previous?.inputs[path] == inputs, previous?.files[path] != nil {
                build.kept.insert(path)
                build.inputs[path] = inputs
                continue
            }
            guard let start = Timestamp(rfc3339: day.day + "T00:00:00Z") else { continue }
            let events = try reader.events(since: start, until: start + .days(1))
            let context = EventsPage.day(snapshot, day: day.day, events: events, archived: archived, neighbours: (nil, older), redactor: redactor)
            build.files[path] = try templates.render("events-day", context)
            if archived { build.inputs[path] = inputs }
        }
    }

    /// Files under `site/`, copied verbatim (dotfiles skipped).
    static func staticFiles(in folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
        for case let path as String in enumerator {
            guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var isFolder: ObjCBool = false
            let full = folder + "/" + path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = FileManager.default.contents(atPath: full)
            else { continue }
            files[path] = data
        }
        return files
    }
}
