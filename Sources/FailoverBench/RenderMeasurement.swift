import FailoverCore
import FailoverEngine
import Foundation

/// `failover render` as the batch job runs it, into one file system: a full render and a `cp -r` of
/// its output (the floor for writing that many bytes), then the renders that follow each dispatch
/// cycle: nothing new, the UTC hour turning, and new events on a few agents or on all of them.
struct RenderMeasurement {
    var fleet: BenchFleet
    var executable: String
    var layout: String
    var site: String
    var now: Timestamp

    func rows() throws -> [ScaleBenchmark.Row] {
        var rows: [ScaleBenchmark.Row] = []
        func render(at moment: Timestamp) throws -> ChildProcess.Result {
            let result = try ChildProcess.run(executable, ["render", "--config", fleet.configPath, "--now", "\(moment)", "--out", site])
            guard result.status == 0 else { throw BenchError(message: "render failed: \(result.output)") }
            return result
        }
        // Each step starts with nothing left to write back, so none pays for the one before it (on
        // disk, the full render and its copy leave half a gigabyte to flush).
        Self.settle()
        let full = try render(at: now)
        Self.settle()
        let copy = try Self.copyTime(site)
        Self.settle()
        rows.append(.init(measurement: "full render into \(layout)", result: Format.seconds(full.seconds), target: layout == "tmpfs" ? "< 1.8 s" : "", met: layout == "tmpfs" ? full.seconds < 1.8 : nil))
        let ratio = full.seconds / copy
        rows.append(.init(measurement: "`cp -r` of that output on \(layout); full render / copy", result: "\(Format.seconds(copy)); \(Format.ratio(ratio))", target: "< 3x", met: ratio < 3))
        rows.append(.init(measurement: "full render peak memory", result: String(format: "%.0f MB", full.peakMegabytes), target: "< 150 MB", met: full.peakMegabytes < 150))
        if layout == "disk" {
            let size = Self.siteSize(site)
            rows.append(.init(measurement: "output", result: "\(Format.count(size.files)) files, \(Format.bytes(size.bytes)) (+ \(Format.bytes(size.compressed)) .gz)"))
            let perEvent = Double(size.dayArchive) / Double(max(fleet.eventCount, 1))
            rows.append(.init(measurement: "day archive bytes per event", result: String(format: "%.0f B", perEvent), target: "<= 218 B (336 B - 35%)", met: perEvent <= 218))
        }
        // The second render sets up the two generations; from the third on, renders are steady.
        let second = try render(at: now)
        rows.append(.init(measurement: "second render, nothing new, into \(layout) (sets up double buffering)", result: Format.seconds(second.seconds)))
        let quiet = try render(at: now)
        rows.append(.init(measurement: "render with nothing new, into \(layout)", result: Format.seconds(quiet.seconds)))
        let later = now + .hours(1)
        let hourTurn = try render(at: later)
        rows.append(.init(
            measurement: "render after the UTC hour turns, nothing new, into \(layout)",
            result: "\(Format.seconds(hourTurn.seconds)) (\(Self.changed(hourTurn.output)); \(Format.ratio(hourTurn.seconds / quiet.seconds)) nothing-new)",
            target: "< 2x nothing-new", met: hourTurn.seconds < 2 * quiet.seconds
        ))
        for (name, agentsHit, target) in [("50 agents", 50, 0.1), ("every agent", fleet.agents, layout == "tmpfs" ? 0.25 : 0.4)] {
            let added = try addEvents(1000, agents: agentsHit, at: later - .minutes(1))
            _ = try ChildProcess.run(executable, ["cycle", "--config", fleet.configPath, "--now", "\(later)"])
            Self.settle()
            let incremental = try render(at: later)
            rows.append(.init(
                measurement: "incremental render into \(layout), \(Format.count(added)) new events on \(name)",
                result: Format.seconds(incremental.seconds) + " (" + Self.changed(incremental.output) + ")",
                target: "< \(Format.milliseconds(target))", met: incremental.seconds < target
            ))
        }
        // Last, since it moves the site a day on: the day turn rebuilds every agent page once, for the
        // new bar of its history (completed days only, so no other render does).
        let dayTurn = try render(at: later.startOfUTCDay + .days(1) + .minutes(5))
        rows.append(.init(measurement: "render after the UTC day turns, nothing new, into \(layout)", result: Format.seconds(dayTurn.seconds) + " (" + Self.changed(dayTurn.output) + ")"))
        return rows
    }

    /// `count` rate-limit failures over `agents` agents that have a chain to fail over on (reviewers
    /// first: they wrap, so every failure is an event).
    private func addEvents(_ count: Int, agents: Int, at: Timestamp) throws -> Int {
        let before = fleet.eventCount
        let movable = fleet.config.config.agentTypes.sorted { $0.failover.onExhausted == .wrap && $1.failover.onExhausted != .wrap }
            .filter { $0.chain.count > 1 }.flatMap(\.instances)
        let chosen = Array(movable.prefix(agents))
        let lines = (0..<count).map { index in
            #"{"agent":"\#(chosen[index % chosen.count])","at":"\#(at)","outcome":"error","status":429,"error_type":"rate_limit_error","message":"storm"}"#
        }
        _ = try RecordRunner(config: fleet.config, store: fleet.store, environment: SyntheticFleet.environment).run(input: lines.joined(separator: "\n"), now: at)
        return fleet.eventCount - before
    }

    /// Waits for the kernel to write back everything pending.
    static func settle() {
        _ = try? ChildProcess.run("/bin/sync", [])
    }

    /// `cp -r` of the site beside it, on the same file system, timed; the copy is removed.
    static func copyTime(_ site: String) throws -> Double {
        let copy = site + ".copy"
        try? FileManager.default.removeItem(atPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let result = try ChildProcess.run("/bin/cp", ["-r", site, copy])
        guard result.status == 0 else { throw BenchError(message: "cp -r failed: \(result.output)") }
        return result.seconds
    }

    /// `2381 files (12 changed)` from render's output line.
    static func changed(_ output: String) -> String {
        guard let open = output.firstIndex(of: "("), let close = output.firstIndex(of: ")") else { return output }
        let files = output.split(separator: " ").dropFirst().first ?? ""
        return "\(files) files, " + output[output.index(after: open)..<close]
    }

    static func siteSize(_ folder: String) -> (files: Int, bytes: Int, compressed: Int, dayArchive: Int) {
        var files = 0, bytes = 0, compressed = 0, dayArchive = 0
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + path),
                  attributes[.type] as? FileAttributeType == .typeRegular, let size = (attributes[.size] as? NSNumber)?.intValue
            else { continue }
            if path.hasSuffix(".gz") {
                compressed += size
            } else {
                files += 1
                bytes += size
                // `events/2026-11-24.html`: a day's archive.
                if path.hasPrefix("events/"), path != "events/index.html", path.hasSuffix(".html") { dayArchive += size }
            }
        }
        return (files, bytes, compressed, dayArchive)
    }
}
