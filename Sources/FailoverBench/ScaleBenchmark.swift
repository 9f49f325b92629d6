import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
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
    }

    package var agents: Int
    package var events: Int
    package var usageRows: Int
    package var days: Int
    package var folder: String
    /// The `failover` binary, run as a child for the verbs a batch job runs as processes.
    package var executable: String
    package var now: Timestamp

    package init(agents: Int, events: Int, usageRows: Int, days: Int, folder: String, fastFolder: String?, executable: String, now: Timestamp) {
        self.fastFolder = fastFolder
        self.agents = agents
        self.events = events
        self.usageRows = usageRows
        self.days = days
        self.folder = folder
        self.executable = executable
        self.now = now
    }

    package var fastFolder: String?

    /// A fleet of 1,000 agents finishing a task every few minutes each.
    static let outcomesPerSecond = 5

    package func run(progress: (String) -> Void) throws -> [Row] {
        var rows: [Row] = []
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configPath = folder + "/failover.yaml"
        try SyntheticFleet(agents: agents).yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: configPath)
        let store = try SQLiteStore(path: config.databasePath)
        let environment = SyntheticFleet.environment
        // Room after the history for the record measurements (5 outcomes a second, a busy fleet's pace),
        // so that nothing is recorded in the future.
        let historyEnd = now - .hours(18)

        progress("generating \(events) events and \(usageRows) usage rows over \(days) days")
        let summary = try ScaleGenerator(events: events, usageRows: usageRows, days: days, end: historyEnd).generate(config: config.config, store: store)
        rows.append(Row(measurement: "generate \(Format.count(summary.events)) events + \(Format.count(summary.usageRows)) usage rows", result: Format.seconds(summary.seconds), target: "", met: nil))
        let size = (try FileManager.default.attributesOfItem(atPath: config.databasePath)[.size] as? NSNumber)?.intValue ?? 0
        rows.append(Row(measurement: "database size", result: Format.bytes(size), target: "", met: nil))

        // The first cycle writes every env file; the ones after it are what a dispatcher sees.
        let cycleArguments = ["cycle", "--config", configPath, "--now", "\(historyEnd)"]
        _ = try ChildProcess.run(executable, cycleArguments)
        progress("timing cycle")
        let bestCycle = try (0..<5).map { _ in try ChildProcess.run(executable, cycleArguments).seconds }.min() ?? 0
        rows.append(Row(measurement: "cycle, \(agents) agents (whole `failover cycle` process)", result: Format.milliseconds(bestCycle), target: "< 100 ms", met: bestCycle < 0.1))
        let inProcess = try (0..<5).map { _ in
            try Stopwatch.measure { try CycleRunner(config: config, store: store, environment: environment).run(now: historyEnd) }.seconds
        }.min() ?? 0
        rows.append(Row(measurement: "cycle, \(agents) agents (in process, config already loaded)", result: Format.milliseconds(inProcess), target: "", met: nil))

        progress("timing the budget window sum")
        let window = config.config.service.usageWindow.span ?? .hours(24)
        let sums = try store.read { reader in
            try (0..<200).map { index in
                try Stopwatch.measure { _ = try reader.typeUsage("coder", after: historyEnd - window - TimeSpan(seconds: index * 37), through: historyEnd - TimeSpan(seconds: index * 37)) }.seconds
            }
        }
        let meanSum = sums.reduce(0, +) / Double(sums.count)
        rows.append(Row(measurement: "budget window sum (\(window), one type, mean of 200)", result: Format.milliseconds(meanSum), target: "< 5 ms", met: meanSum < 0.005))

        progress("timing record")
        let layouts = [("disk", config)] + (fastFolder.map { [("tmpfs", Self.config(config, envDir: $0 + "/env"))] } ?? [])
        var clock = historyEnd + .minutes(1)
        for (layout, variant) in layouts {
            _ = try CycleRunner(config: variant, store: store, environment: environment).run(now: clock)
            for (batch, count) in [(1, 300), (1000, 50_000), (100_000, 100_000)] {
                let rate = try recordRate(variant, store: store, batch: batch, count: count, start: clock)
                clock = clock + TimeSpan(seconds: count / Self.outcomesPerSecond + 1)
                if batch == 1 {
                    rows.append(Row(measurement: "record, batches of 1, env files on \(layout) (in process)", result: "\(Format.count(Int(rate))) outcomes/s, \(Format.milliseconds(1 / rate)) each", target: "", met: nil))
                } else {
                    rows.append(Row(measurement: "record, batches of \(batch), env files on \(layout)", result: "\(Format.count(Int(rate))) outcomes/s", target: ">= 100,000/s", met: rate >= 100_000))
                }
            }
        }

        for (layout, base) in [("disk", folder)] + (fastFolder.map { [("tmpfs", $0)] } ?? []) {
            progress("timing renders into \(layout)")
            let site = base + "/public"
            let render = ["render", "--config", configPath, "--now", "\(now)", "--out", site]
            let full = try ChildProcess.run(executable, render)
            guard full.status == 0 else { throw BenchError(message: "render failed: \(full.output)") }
            rows.append(Row(measurement: "full render into \(layout)", result: Format.seconds(full.seconds), target: "< 3 s", met: full.seconds < 3))
            rows.append(Row(measurement: "full render peak memory", result: String(format: "%.0f MB", full.peakMegabytes), target: "< 300 MB", met: full.peakMegabytes < 300))
            if layout == "disk" {
                let (files, bytes, compressed) = Self.siteSize(site)
                rows.append(Row(measurement: "output", result: "\(Format.count(files)) files, \(Format.bytes(bytes)) (+ \(Format.bytes(compressed)) .gz)", target: "", met: nil))
            }
            // The second render sets up the two generations; from the third on, renders are steady.
            let second = try ChildProcess.run(executable, render)
            rows.append(Row(measurement: "second render, nothing new, into \(layout) (sets up double buffering)", result: Format.seconds(second.seconds), target: "", met: nil))
            let quiet = try ChildProcess.run(executable, render)
            rows.append(Row(measurement: "render with nothing new, into \(layout)", result: Format.seconds(quiet.seconds), target: "", met: nil))
            for (name, agentsHit) in [("50 agents", 50), ("every agent", agents)] {
                let added = try addEvents(1000, agents: agentsHit, config: config, store: store, at: now - .minutes(1))
                _ = try ChildProcess.run(executable, cycleArguments)
                let incremental = try ChildProcess.run(executable, render)
                rows.append(Row(
                    measurement: "incremental render into \(layout), \(Format.count(added)) new events on \(name)",
                    result: Format.seconds(incremental.seconds) + " (" + Self.changed(incremental.output) + ")", target: "< 150 ms", met: incremental.seconds < 0.15
                ))
            }
        }
        return rows
    }

    /// Outcomes per second through `record` in batches of `batch`.
    private func recordRate(_ config: LoadedConfig, store: any Store, batch: Int, count: Int, start: Timestamp) throws -> Double {
        let names = config.config.instances.map(\.agent.rawValue)
        let lines = SyntheticOutcomes.lines(count: count, agents: names, start: start, perSecond: Self.outcomesPerSecond, seed: UInt64(batch)).split(separator: "\n")
        let batches = stride(from: 0, to: lines.count, by: batch).map { lines[$0..<min($0 + batch, lines.count)].joined(separator: "\n") }
        let runner = RecordRunner(config: config, store: store, environment: SyntheticFleet.environment)
        let seconds = try Stopwatch.measure {
            // The clock is at the end of the stream: outcomes dated ahead of it would be refused.
            for text in batches { _ = try runner.run(input: text, now: start + TimeSpan(seconds: count / Self.outcomesPerSecond + 1)) }
        }.seconds
        return Double(count) / seconds
    }

    /// `count` rate-limit failures over `agents` agents that have a chain to fail over on (reviewers
    /// first: they wrap, so every failure is an event).
    private func addEvents(_ count: Int, agents: Int, config: LoadedConfig, store: any Store, at: Timestamp) throws -> Int {
        let before = try store.read { try $0.eventCount() }
        let movable = config.config.agentTypes.sorted { $0.failover.onExhausted == .wrap && $1.failover.onExhausted != .wrap }
            .filter { $0.chain.count > 1 }.flatMap(\.instances)
        let chosen = Array(movable.prefix(agents))
        var lines: [String] = []
        for index in 0..<count {
            lines.append(#"{"agent":"\#(chosen[index % chosen.count])","at":"\#(at)","outcome":"error","status":429,"error_type":"rate_limit_error","message":"storm"}"#)
        }
        _ = try RecordRunner(config: config, store: store, environment: SyntheticFleet.environment).run(input: lines.joined(separator: "\n"), now: at)
        return try store.read { try $0.eventCount() } - before
    }

    static func config(_ config: LoadedConfig, envDir: String) -> LoadedConfig {
        var variant = config
        variant.config.service.envDir = envDir
        return variant
    }

    /// `2381 files (12 changed)` from render's output line.
    static func changed(_ output: String) -> String {
        guard let open = output.firstIndex(of: "("), let close = output.firstIndex(of: ")") else { return output }
        let files = output.split(separator: " ").dropFirst().first ?? ""
        return "\(files) files, " + output[output.index(after: open)..<close]
    }

    static func siteSize(_ folder: String) -> (files: Int, bytes: Int, compressed: Int) {
        var files = 0, bytes = 0, compressed = 0
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + path),
                  attributes[.type] as? FileAttributeType == .typeRegular, let size = (attributes[.size] as? NSNumber)?.intValue
            else { continue }
            if path.hasSuffix(".gz") { compressed += size } else { files += 1; bytes += size }
        }
        return (files, bytes, compressed)
    }
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
}
