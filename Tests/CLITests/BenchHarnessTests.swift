import Foundation
import Testing

/// The benchmark's harness runs end to end on a small fleet, so it never rots between the runs that
/// produce specs/performance.md. Its numbers are not asserted: a test is no place to time anything.
@Suite struct BenchHarnessTests {
    @Test func theQuickBenchPrintsEveryMeasurement() throws {
        let scratch = try ScratchDirectory()
        let result = try CLI.run(["bench", "--quick", "--keep", scratch.path("fleet"), "--tmpfs", scratch.path("fast")])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = [
            "cycle, 60 agents (whole `failover cycle` process)", "budget window sum",
            "record, batches of 1,000, env files on disk", "record, batches of 100,000, env files on tmpfs",
            "render's snapshot read", "full render into disk", "`cp -r` of that output on disk", "full render peak memory", "day archive bytes per event",
            "render with nothing new, into tmpfs", "render after the UTC hour turns, nothing new, into tmpfs",
            "new events on 50 agents", "new events on every agent", "200 agents,", "render after every agent failed once",
        ]
        for measurement in expected {
            #expect(result.stdout.contains(measurement), "missing: \(measurement)")
        }
        // Each row has a result: a number with its unit.
        let rows = result.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count >= expected.count)
        let store = try #require(rows.first { $0.hasPrefix("store ") })
        #expect(store.contains("SQLite"), "\(store)")
        for row in rows where row != store {
            #expect(row.contains(" ms") || row.contains(" s") || row.contains("/s") || row.contains("B") || row.contains("x"), "\(row)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("fleet/public.copy")), "the copy is removed")
    }
}
