import FailoverCore
import FailoverEngine
import Foundation

/// A wider fleet with a shorter history: whether the per-agent costs (cycle, the fleet page, an
/// outage that moves every agent) stay in proportion at five times the agents.
struct WideFleetMeasurement {
    var agents: Int
    var folder: String
    /// Where its site goes: tmpfs when there is one, to leave the disk's noise out of it.
    var siteFolder: String
    var executable: String
    var now: Timestamp
    var days: Int

    func rows(progress: (String) -> Void) throws -> [ScaleBenchmark.Row] {
        progress("a \(agents)-agent fleet")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configPath = folder + "/failover.yaml"
        try SyntheticFleet(agents: agents).yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let fleet = try BenchFleet(configPath: configPath)
        let historyEnd = now - .hours(1)
        _ = try ScaleGenerator(events: agents * 50, usageRows: agents * 200, days: days, end: historyEnd).generate(config: fleet.config.config, store: fleet.store)
        let prefix = "\(Format.count(agents)) agents, \(Format.count(fleet.eventCount)) events:"
        let cycle = ["cycle", "--config", configPath, "--now", "\(historyEnd)"]
        _ = try ChildProcess.run(executable, cycle)
        let bestCycle = try (0..<3).map { _ in try ChildProcess.run(executable, cycle).seconds }.min() ?? 0
        let site = siteFolder + "/wide-public"
        let render = ["render", "--config", configPath, "--now", "\(now)", "--out", site]
        let full = try ChildProcess.run(executable, render)
        guard full.status == 0 else { throw BenchError(message: "render failed: \(full.output)") }
        _ = try ChildProcess.run(executable, render)
        let quiet = try ChildProcess.run(executable, render)
        // Every agent fails once: a provider-wide outage.
        let lines = fleet.config.config.instances.map { #"{"agent":"\#($0.agent)","at":"\#(now - .minutes(1))","outcome":"error","status":429,"error_type":"rate_limit_error","message":"storm"}"# }
        _ = try RecordRunner(config: fleet.config, store: fleet.store, environment: SyntheticFleet.environment).run(input: lines.joined(separator: "\n"), now: now)
        let outage = try ChildProcess.run(executable, render)
        try? FileManager.default.removeItem(atPath: site)
        return [
            .init(measurement: "\(prefix) cycle (whole process)", result: Format.milliseconds(bestCycle)),
            .init(measurement: "\(prefix) full render", result: Format.seconds(full.seconds)),
            .init(measurement: "\(prefix) render with nothing new", result: Format.seconds(quiet.seconds)),
            .init(measurement: "\(prefix) render after every agent failed once", result: Format.seconds(outage.seconds) + " (" + RenderMeasurement.changed(outage.output) + ")"),
        ]
    }
}
