import ArgumentParser
import FailoverBench
import FailoverCore
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure performance on a synthetic fleet and print a table (use a release build).",
        discussion: "Runs in a scratch folder it removes afterwards. Numbers go in specs/performance.md with the command."
    )

    @Option(help: "Agents in the synthetic fleet.")
    var agents = 1000

    @Option(help: "Outcomes to record.")
    var outcomes = 100_000

    @Option(help: "Outcomes per record batch.")
    var batch = 100_000

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("failover-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let start = Timestamp(rfc3339: "2026-11-24T00:00:00Z")!
        let result = try RecordBenchmark.run(folder: folder, agents: agents, outcomes: outcomes, batchSize: batch, start: start)
        Console.out(TextTable.render(header: ["SCENARIO", "RESULT"], rows: [
            ["record, \(result.outcomes) outcomes in batches of \(result.batchSize), \(agents) agents",
             String(format: "%.3f s, %.0f outcomes/s", result.seconds, result.perSecond)],
        ]))
    }
}
