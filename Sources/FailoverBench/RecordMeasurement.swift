import ConfigLoader
import FailoverCore
import FailoverEngine
import Foundation

/// `record` in process, in batches of 1, 1,000 and 100,000 outcomes, with env files on disk and on tmpfs.
struct RecordMeasurement {
    var fleet: BenchFleet
    var fastFolder: String?
    var start: Timestamp
    var scale: Double

    func rows(progress: (String) -> Void) throws -> [ScaleBenchmark.Row] {
        progress("timing record")
        var rows: [ScaleBenchmark.Row] = []
        let layouts = [("disk", fleet.config)] + (fastFolder.map { [("tmpfs", fleet.config(envDir: $0 + "/env"))] } ?? [])
        var clock = start
        for (layout, variant) in layouts {
            _ = try CycleRunner(config: variant, store: fleet.store, environment: SyntheticFleet.environment).run(now: clock)
            for (batch, full) in [(1, 300), (1000, 50_000), (100_000, 100_000)] {
                let count = max(1, Int(Double(full) * scale))
                let rate = try recordRate(variant, batch: batch, count: count, start: clock)
                clock = clock + TimeSpan(seconds: count / ScaleBenchmark.outcomesPerSecond + 1)
                if batch == 1 {
                    rows.append(.init(measurement: "record, batches of 1, env files on \(layout) (in process)", result: "\(Format.count(Int(rate))) outcomes/s, \(Format.milliseconds(1 / rate)) each"))
                } else {
                    rows.append(.init(measurement: "record, batches of \(Format.count(batch)), env files on \(layout)", result: "\(Format.count(Int(rate))) outcomes/s", target: ">= 100,000/s", met: rate >= 100_000))
                }
            }
        }
        return rows
    }

    /// Outcomes per second through `record` in batches of `batch`.
    private func recordRate(_ config: LoadedConfig, batch: Int, count: Int, start: Timestamp) throws -> Double {
        let names = config.config.instances.map(\.agent.rawValue)
        let lines = SyntheticOutcomes.lines(count: count, agents: names, start: start, perSecond: ScaleBenchmark.outcomesPerSecond, seed: UInt64(batch)).split(separator: "\n")
        let batches = stride(from: 0, to: lines.count, by: batch).map { lines[$0..<min($0 + batch, lines.count)].joined(separator: "\n") }
        let runner = RecordRunner(config: config, store: fleet.store, environment: SyntheticFleet.environment)
        let seconds = try Stopwatch.measure {
            // The clock is at the end of the stream: outcomes dated ahead of it would be refused.
            for text in batches { _ = try runner.run(input: text, now: start + TimeSpan(seconds: count / ScaleBenchmark.outcomesPerSecond + 1)) }
        }.seconds
        return Double(count) / seconds
    }
}
