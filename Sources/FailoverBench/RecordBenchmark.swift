import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation

/// `record` throughput: outcomes per second through parsing, classification, the state machine,
/// the budget window, usage, rollups and the ledger, committed in one transaction per batch.
public enum RecordBenchmark {
    public struct Result: Sendable {
        public var outcomes: Int
        public var batchSize: Int
        public var seconds: Double
        public var perSecond: Double { Double(outcomes) / seconds }
    }

    /// Runs `outcomes` outcomes in batches of `batchSize` against a fresh fleet in `folder`.
    public static func run(folder: String, agents: Int, outcomes: Int, batchSize: Int, start: Timestamp) throws -> Result {
        let fleet = SyntheticFleet(agents: agents)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configPath = folder + "/failover.yaml"
        try fleet.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: configPath)
        let store = try FailoverStore(path: config.databasePath)
        _ = try CycleRunner(config: config, store: store, environment: SyntheticFleet.environment).run(now: start)
        let names = fleet.instanceNames.flatMap(\.agents)
        let text = SyntheticOutcomes.lines(count: outcomes, agents: names, start: start)
        let lines = text.split(separator: "\n")
        let batches = stride(from: 0, to: lines.count, by: batchSize).map { lines[$0..<min($0 + batchSize, lines.count)].joined(separator: "\n") }
        let runner = RecordRunner(config: config, store: store, environment: SyntheticFleet.environment)
        let (_, seconds) = try Stopwatch.measure {
            for batch in batches {
                let report = try runner.run(input: batch, now: start)
                precondition(report.rejected.isEmpty, "benchmark input was rejected: \(report.rejected.prefix(3))")
            }
        }
        return Result(outcomes: outcomes, batchSize: batchSize, seconds: seconds)
    }
}
