import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation
import Testing

/// `Simulation` on the engine's ports: chunks are an implementation detail, and the store it was
/// given is the only thing it writes.
@Suite struct SimulationTests {
    static func lines() -> String {
        var lines: [String] = []
        for minute in 0..<40 {
            let agent = ["coder-1", "coder-2", "reviewer-1"][minute % 3]
            let at = Timestamp.minutes(minute)
            lines.append(minute % 4 == 0 ? outcome(agent, at: at, "error", status: 529, type: "overloaded_error")
                : minute % 7 == 0 ? outcome(agent, at: at, "error", status: 401) : outcome(agent, at: at, input: 900, output: 100))
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: [1, 3, 10_000])
    func aRunInChunksMovesAsARunInOne(_ chunk: Int) throws {
        let fleet = try Fleet()
        func simulate(chunk: Int) throws -> SimulationReport {
            var simulation = Simulation(config: try fleet.config(), store: try SQLiteStore.scratch(), environment: fleet.environment)
            simulation.chunk = chunk
            return try simulation.run(input: Self.lines(), now: Fleet.t0 + .days(1))
        }
        let whole = try simulate(chunk: 1_000_000)
        let chunked = try simulate(chunk: chunk)
        #expect(chunked.transitions == whole.transitions)
        #expect(chunked.outcomes == 40 && chunked.bookkeeping == whole.bookkeeping)
        #expect(chunked.agents.map(\.finalTier) == whole.agents.map(\.finalTier))
        #expect(!whole.transitions.isEmpty)
        #expect(fleet.envFile("coder-1") == nil, "no env file written")
        #expect(!FileManager.default.fileExists(atPath: fleet.folder.appendingPathComponent("var").path), "no database made")
    }
}
