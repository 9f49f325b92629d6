import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
import StoreFactory
import Foundation

/// The scale benchmark of specs/performance.md: a synthetic fleet with years of history, then each
/// operation the product runs after every dispatch cycle, timed.
package struct ScaleBenchmark {
    package struct Row: Sendable {
        package var measurement: String
        package var result: String
        package var target: String
        /// nil when there is no target.
        package var met: Bool?

        package init(measurement: String, result: String, target: String = "", met: Bool? = nil) {
            self.measurement = measurement
            self.result = result
            self.target = target
            self.met = met
        }
    }

    package var agents: Int
    package var events: Int
    package var usageRows: Int
    package var days: Int
    package var folder: String
    /// A tmpfs folder for the env-file and site measurements on tmpfs; nil to skip them.
    package var fastFolder: String?
    /// The `failover` binary, run as a child for the verbs a batch job runs as processes.
    package var executable: String
    package var now: Timestamp
    /// Keep the fleet already in `folder` (from an earlier `--keep`) instead of generating one.
    package var reuse: Bool
    /// Agents of the second, wider fleet; 0 skips it.
    package var wideAgents: Int
    /// Scales the outcomes the record measurements send: 1 for the published table, small for CI.
    package var recordScale: Double
    /// The sections to run (`cycle`, `record`, `render`, `wide`); all when empty.
    package var sections: Set<String> = []
    /// The PostgreSQL database to time against instead of the SQLite file; nil for SQLite.
    package var postgres: PostgresTarget?
    /// The seconds one `failover render` of the fleet into a folder spends reading its snapshot, in
    /// process (the renderer lives above this module); nil leaves that row out.
    package var snapshotRead: ((LoadedConfig, any Store, Timestamp, String) throws -> Double)?

    /// An empty PostgreSQL database: the history is built in SQLite, as without one, and copied into it
    /// by `failover migrate-store`; every measurement after that runs against it.
    package struct PostgresTarget: Sendable {
        /// The URL as `PostgresAddress` writes it: it holds no password (the parser refuses one).
        package var url: String
        /// The environment variable holding the password, when the server asks for one.
        package var passwordVariable: String?

        package init(url: String, passwordVariable: String?) {
            self.url = url
            self.passwordVariable = passwordVariable
        }
    }

    func runs(_ section: String) -> Bool { sections.isEmpty || sections.contains(section) }

    package init(agents: Int, events: Int, usageRows: Int, days: Int, folder: String, fastFolder: String?, executable: String, now: Timestamp,
                 reuse: Bool = false, wideAgents: Int = 0, recordScale: Double = 1) {
        self.wideAgents = wideAgents
        self.recordScale = recordScale
        self.agents = agents
        self.events = events
        self.usageRows = usageRows
        self.days = days
        self.folder = folder
        self.fastFolder = fastFolder
        self.executable = executable
        self.now = now
        self.reuse = reuse
    }

    /// A fleet of 1,000 agents finishing a task every few minutes each.
    static let outcomesPerSecond = 5

    /// The history ends here; the record measurements fill the hours after it at a busy fleet's pace,
    /// so nothing is recorded in the future.
    var historyEnd: Timestamp { now - .hours(18) }

    package func run(progress: (String) -> Void) throws -> [Row] {
        var rows = [Row(measurement: "store", result: postgres.map { "PostgreSQL: \($0.url)" } ?? "SQLite: one file in the scratch folder")]
        var fleet = try prepare(progress: progress, rows: &rows)
        if let postgres { fleet = try move(fleet, to: postgres, progress: progress, rows: &rows) }
        if runs("cycle") { rows += try cycleRows(fleet, progress: progress) }
        if runs("record") {
            rows += try RecordMeasurement(fleet: fleet, fastFolder: fastFolder, start: historyEnd + .minutes(1), scale: recordScale).rows(progress: progress)
        }
        if let snapshotRead, runs("render") {
            progress("timing the render's snapshot read")
            rows.append(try snapshotRow(fleet, read: snapshotRead))
        }
        for (layout, base) in [("disk", folder)] + (fastFolder.map { [("tmpfs", $0)] } ?? []) where runs("render") {
            progress("timing renders into \(layout)")
            rows += try RenderMeasurement(fleet: fleet, executable: executable, layout: layout, site: base + "/public", now: now).rows()
        }
        // The wider fleet is a second history, which would need a second empty database.
        if wideAgents > 0, postgres == nil, runs("wide") {
            rows += try WideFleetMeasurement(agents: wideAgents, folder: folder + "/wide", siteFolder: fastFolder ?? folder, executable: executable, now: now, days: min(days, 30)).rows(progress: progress)
        }
        return rows
    }

    /// The fleet in `folder`: generated, or as an earlier run kept it.
    private func prepare(progress: (String) -> Void, rows: inout [Row]) throws -> BenchFleet {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configPath = folder + "/failover.yaml"
        if reuse, FileManager.default.fileExists(atPath: configPath) {
            progress("reusing the fleet in \(folder)")
            let fleet = try BenchFleet(configPath: configPath)
            rows.append(Row(measurement: "reused fleet", result: "\(Format.count(try fleet.store.read { try $0.eventCount() })) events"))
            return fleet
        }
        try SyntheticFleet(agents: agents).yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let fleet = try BenchFleet(configPath: configPath)
        progress("generating \(events) events and \(usageRows) usage rows over \(days) days")
        let summary = try ScaleGenerator(events: events, usageRows: usageRows, days: days, end: historyEnd).generate(config: fleet.config.config, store: fleet.store)
        rows.append(Row(measurement: "generate \(Format.count(summary.events)) events + \(Format.count(summary.usageRows)) usage rows", result: Format.seconds(summary.seconds)))
        if postgres == nil {
            let size = (try FileManager.default.attributesOfItem(atPath: fleet.config.databasePath)[.size] as? NSNumber)?.intValue ?? 0
            rows.append(Row(measurement: "database size", result: Format.bytes(size)))
        }
        // The first cycle writes every env file; the ones after it are what a dispatcher sees.
        _ = try ChildProcess.run(executable, ["cycle", "--config", configPath, "--now", "\(historyEnd)"])
        return fleet
    }

    /// The SQLite fleet's history copied into `target` by the real `failover migrate-store` (the
    /// password, if any, reaches it through the environment, never its arguments), and the same fleet
    /// with `service.database` pointing there. Env files stay where the SQLite fleet's first cycle
    /// wrote them: the copy carries what each container was told.
    private func move(_ fleet: BenchFleet, to target: PostgresTarget, progress: (String) -> Void, rows: inout [Row]) throws -> BenchFleet {
        progress("copying the history into PostgreSQL")
        var arguments = ["migrate-store", "--config", fleet.configPath, "--to", target.url]
        if let variable = target.passwordVariable { arguments += ["--password-env", variable] }
        let copy = try ChildProcess.run(executable, arguments)
        guard copy.status == 0 else { throw BenchError(message: "migrate-store failed (exit \(copy.status)): \(copy.output)") }
        rows.append(Row(measurement: "copy the history into PostgreSQL (`failover migrate-store`, whole process)", result: Format.seconds(copy.seconds)))
        let configPath = folder + "/failover-postgres.yaml"
        try SyntheticFleet(agents: agents).yaml(database: target.url, passwordVariable: target.passwordVariable).write(toFile: configPath, atomically: true, encoding: .utf8)
        let moved = try BenchFleet(configPath: configPath)
        _ = try ChildProcess.run(executable, ["cycle", "--config", configPath, "--now", "\(historyEnd)"])
        return moved
    }

    /// What a render spends reading its snapshot (state, recent events, window usage, days, history),
    /// best of five renders with nothing new, after a first full one; into a folder of its own, removed.
    private func snapshotRow(_ fleet: BenchFleet, read: (LoadedConfig, any Store, Timestamp, String) throws -> Double) throws -> Row {
        let site = (fastFolder ?? folder) + "/snapshot-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        _ = try read(fleet.config, fleet.store, now, site)
        let best = try (0..<5).map { _ in try read(fleet.config, fleet.store, now, site) }.min() ?? 0
        return Row(measurement: "render's snapshot read (in process, best of 5 renders with nothing new)", result: Format.milliseconds(best))
    }

    private func cycleRows(_ fleet: BenchFleet, progress: (String) -> Void) throws -> [Row] {
        progress("timing cycle")
        let cycleArguments = ["cycle", "--config", fleet.configPath, "--now", "\(historyEnd)"]
        let bestCycle = try (0..<5).map { _ in try ChildProcess.run(executable, cycleArguments).seconds }.min() ?? 0
        let inProcess = try (0..<5).map { _ in
            try Stopwatch.measure { try CycleRunner(config: fleet.config, store: fleet.store, environment: SyntheticFleet.environment).run(now: historyEnd) }.seconds
        }.min() ?? 0
        progress("timing the budget window sum")
        let window = fleet.config.config.service.usageWindow.span ?? .hours(24)
        let sums = try fleet.store.read { reader in
            try (0..<200).map { index in
                try Stopwatch.measure { _ = try reader.typeUsage("coder", after: historyEnd - window - TimeSpan(seconds: index * 37), through: historyEnd - TimeSpan(seconds: index * 37)) }.seconds
            }
        }
        let meanSum = sums.reduce(0, +) / Double(sums.count)
        return [
            Row(measurement: "cycle, \(fleet.agents) agents (whole `failover cycle` process)", result: Format.milliseconds(bestCycle), target: "< 100 ms", met: bestCycle < 0.1),
            Row(measurement: "cycle, \(fleet.agents) agents (in process, config already loaded)", result: Format.milliseconds(inProcess)),
            Row(measurement: "budget window sum (\(window), one type, mean of 200)", result: Format.milliseconds(meanSum), target: "< 5 ms", met: meanSum < 0.005),
        ]
    }
}

/// A fleet on disk: its config, loaded, and its store.
struct BenchFleet {
    var configPath: String
    var config: LoadedConfig
    var store: any Store

    init(configPath: String) throws {
        self.configPath = configPath
        config = try ConfigLoader.load(path: configPath)
        store = try StoreFactory.open(config)
    }

    var agents: Int { config.config.instances.count }

    /// The same fleet with its env files elsewhere.
    func config(envDir: String) -> LoadedConfig {
        var variant = config
        variant.config.service.envDir = envDir
        return variant
    }

    var eventCount: Int { (try? store.read { try $0.eventCount() }) ?? 0 }
}

enum Format {
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    static func seconds(_ value: Double) -> String { value >= 1 ? String(format: "%.2f s", value) : milliseconds(value) }
    static func milliseconds(_ value: Double) -> String { String(format: value < 0.01 ? "%.2f ms" : "%.0f ms", value * 1000) }
    static func bytes(_ value: Int) -> String {
        value >= 1 << 30 ? String(format: "%.2f GB", Double(value) / Double(1 << 30))
            : value >= 1 << 20 ? String(format: "%.1f MB", Double(value) / Double(1 << 20)) : String(format: "%.0f KB", Double(value) / 1024)
    }
    static func ratio(_ value: Double) -> String { String(format: "%.1fx", value) }
}
