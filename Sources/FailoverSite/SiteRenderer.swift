import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation

/// `failover render`: reads state, ledger, usage and config in one snapshot, renders the pages and
/// exports, and publishes the site atomically.
///
/// Live pages (fleet, budget, config, events index, `status.json`, `feed.json`, `heartbeat.json`)
/// are rebuilt every time. Every other page records what it was built from; while that is
/// unchanged the published file is kept without being rendered again: agent pages until the agent's
/// state, history or hourly usage changes, past days' archives until their day gains an event, the
/// docs until a spec changes. A template change rebuilds everything.
public struct SiteRenderer {
    package var config: LoadedConfig
    public var store: any Store
    public var resources: SiteResources
    /// Used only to recognise secrets and keep them out of the output.
    public var environment: [String: String]

    /// Part of every page's inputs: bump when page code changes what it writes.
    static let renderVersion = "2"

    package init(config: LoadedConfig, store: any Store, resources: SiteResources, environment: [String: String]) {
        self.config = config
        self.store = store
        self.resources = resources
        self.environment = environment
    }

    public func render(to target: String, now: Timestamp) throws -> PublishReport {
        var clock = PhaseClock()
        let templates = try SiteTemplates(folder: resources.templates)
        let documents = try DocsPage.documents(in: resources.specs)
        let staticFiles = try resources.staticFiles.files()
        let specAssets = try resources.specs.files().filter { !$0.key.hasSuffix(".md") }
        let redactor = SecretRedactorBox(redactor: SecretRedactor(providers: config.config.providers, environment: environment))
        let service = config.config.service
        let chrome = SiteManifest.hash(Data([Self.renderVersion, templates.fingerprint, service.siteTitle, "\(service.staleAfter.seconds)", service.usageWindow.description].joined(separator: "|").utf8))

        clock.mark("load templates, specs and static files")
        let writer = try SiteWriter(target: target)
        clock.mark("open the site folder")
        let pool = RenderPool()
        do {
            for (path, data) in staticFiles { try writer.write(path, data) }
            for (path, data) in specAssets { try writer.write("docs/" + path, data) }
            try store.read { reader in
                let snapshot = try SiteSnapshot.read(reader, config: config, now: now)
                clock.mark("read the snapshot")
                try writer.write("index.html", templates.render("index", IndexPage.context(snapshot), splicing: [
                    (AgentRowHTML.placeholder, AgentRowHTML.rows(snapshot.statuses, now: now)),
                    (EventRowHTML.placeholder, EventRowHTML.rows(Array(snapshot.recentEvents.prefix(IndexPage.recentEvents)), root: "", redactor: redactor)),
                ]))
                try writer.write("budget.html", templates.render("budget", BudgetPage.context(snapshot)))
                try writer.write("config.html", templates.render("config", ConfigPage.context(snapshot)))
                try writer.write("events/index.html", templates.render("events", EventsPage.index(snapshot),
                                                                       rows: EventRowHTML.rows(snapshot.recentEvents, root: "../", redactor: redactor)))
                try writer.write("status.json", Self.json(StatusExport.value(snapshot)))
                try writer.write("feed.json", Self.json(FeedExport.value(snapshot, redactor: redactor)))
                try writer.write("heartbeat.json", Self.json(HeartbeatExport.value(now)))
                clock.mark("live pages and exports")
                try renderAgents(snapshot, reader: reader, templates: templates, chrome: chrome, redactor: redactor, writer: writer, pool: pool)
                clock.mark("agent pages (reads)")
                try renderDays(snapshot, reader: reader, templates: templates, chrome: chrome, redactor: redactor, writer: writer, pool: pool)
                clock.mark("day pages (reads)")
                try pool.finish()
                clock.mark("agent and day pages (rendering)")
                try renderDocs(snapshot, documents: documents, templates: templates, chrome: chrome, writer: writer)
                clock.mark("docs")
            }
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

    private func renderAgents(_ snapshot: SiteSnapshot, reader: any StoreSnapshot, templates: SiteTemplates, chrome: String,
                              redactor: SecretRedactorBox, writer: SiteWriter, pool: RenderPool) throws {
        for status in snapshot.statuses {
            let inputs = AgentPage.inputs(snapshot, status, chrome: chrome)
            let page = "agents/\(status.agent).html", json = "agents/\(status.agent).json"
            if try writer.keep(page, inputs: inputs), try writer.keep(json, inputs: inputs) { continue }
            let events = try reader.events(agent: status.agent, limit: SiteSnapshot.agentEventLimit)
            try pool.submit {
                let html = try templates.render("agent", AgentPage.context(snapshot, status, events: events),
                                                rows: EventRowHTML.rows(events, root: "../", redactor: redactor))
                try writer.write(page, html, inputs: inputs)
                // Compact: a file per agent for programs, rewritten whenever the agent changes.
                try writer.write(json, Self.json(AgentExport.value(snapshot, status, events: events, redactor: redactor), pretty: false), inputs: inputs)
            }
        }
    }

    /// One page per UTC day with events, newest first. A day's page is rebuilt only when the day gains
    /// an event or its link to the day before changes: past days never change.
    private func renderDays(_ snapshot: SiteSnapshot, reader: any StoreSnapshot, templates: SiteTemplates, chrome: String,
                            redactor: SecretRedactorBox, writer: SiteWriter, pool: RenderPool) throws {
        let today = snapshot.now.utcDay
        for (index, day) in snapshot.days.enumerated() {
            let path = "events/\(day.day).html"
            let older = index + 1 < snapshot.days.count ? snapshot.days[index + 1].day : nil
            let archived = day.day < today
            let inputs = "\(chrome)|\(day.count)|\(day.lastID)|\(older ?? "-")|\(archived)"
            if try writer.keep(path, inputs: inputs) { continue }
            guard let start = Timestamp(rfc3339: day.day + "T00:00:00Z") else { continue }
            let events = try reader.events(since: start, until: start + .days(1))
            try pool.submit {
                let context = EventsPage.day(snapshot, day: day.day, events: events, archived: archived, neighbours: (nil, older))
                let rows = EventRowHTML.rows(events, root: "../", clockOnly: true, redactor: redactor)
                try writer.write(path, templates.render("events-day", context, rows: rows), inputs: inputs)
            }
        }
    }

    private func renderDocs(_ snapshot: SiteSnapshot, documents: [DocsPage.Document], templates: SiteTemplates, chrome: String, writer: SiteWriter) throws {
        let all = SiteManifest.hash(Data(documents.map { $0.name + "\n" + $0.markdown }.joined(separator: "|").utf8))
        let inputs = "\(chrome)|\(all)"
        if try !writer.keep("docs/index.html", inputs: inputs) {
            try writer.write("docs/index.html", templates.render("docs-index", DocsPage.index(snapshot, documents: documents)), inputs: inputs)
        }
        for document in documents where try !writer.keep("docs/\(document.name).html", inputs: inputs) {
            try writer.write("docs/\(document.name).html", templates.render("doc", DocsPage.page(snapshot, document: document, all: documents)), inputs: inputs)
        }
    }

    static func json(_ value: JSONValue, pretty: Bool = true) -> Data { Data(value.serialized(pretty: pretty).utf8) }

    /// Time between marks, for the render's debug log.
    struct PhaseClock {
        private var last = DispatchTime.now().uptimeNanoseconds
        private(set) var phases: [(name: String, seconds: Double)] = []

        mutating func mark(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            phases.append((name, Double(now - last) / 1e9))
            last = now
        }
    }
}
