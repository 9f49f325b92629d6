import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation
import GRDB
import Testing

/// A database written before token counts were bounded can hold rows no sum fits in. Such rows must
/// not stop `record` for the rest of the window, nor make `render` trap: sums saturate.
@Suite struct HugeUsageTests {
    @Test func rowsBeyondAnySumNeitherStopRecordNorTrapRender() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        // As an earlier version could have written them: straight into the tables, rollups included.
        let path = try fleet.config().databasePath
        let queue = try DatabaseQueue(path: path)
        let hour = (RenderedFleet.t0.seconds - 600) / 3600 * 3600
        try queue.write { db in
            for _ in 0..<3 {
                try db.execute(sql: """
                    INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens)
                    VALUES ('coder-1', 'coder', ?, 1, 'anthropic', 'm', 'success', 9223372036854775807, 9223372036854775807)
                    """, arguments: [RenderedFleet.t0.seconds - 600])
            }
            try db.execute(sql: "UPDATE usage_hourly_by_type SET input_tokens = 9223372036854775807, output_tokens = 9223372036854775807 WHERE agent_type = 'coder'")
            try db.execute(sql: """
                INSERT INTO usage_hourly_by_type (agent_type, hour, input_tokens, output_tokens, tasks, failures) VALUES ('coder', ?, 9223372036854775807, 1, 1, 0)
                ON CONFLICT DO UPDATE SET input_tokens = 9223372036854775807
                """, arguments: [hour])
        }
        try queue.close()

        let report = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: #"{"agent":"coder-2","at":"\#(RenderedFleet.t0 - .minutes(1))","outcome":"success","input_tokens":5}"#, now: RenderedFleet.t0)
        #expect(report.rejected.isEmpty && report.results.count == 1)
        #expect(report.results[0].usage == "\(Int.max)/1000")
        // The budget did its job on the saturated sum: coder-2, which it moved to tier 2, is held there.
        #expect(!report.results[0].moved && report.results[0].ignored == .overBudget)

        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        let budget = try fleet.text("budget.html")
        #expect(budget.contains("9,223,372,036,854,775,807"))
        let status = try fleet.json("status.json")
        #expect(status["generated_at"] != nil)
    }
}
