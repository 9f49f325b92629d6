import Foundation
import Testing

/// `failover status` on an agent the budget holds (specs/token-budget.md, "The hold"): the table
/// says `held: over budget` where the cooldown left would be, and `--json` says `held: true`,
/// until the usage leaves the window.
@Suite struct HeldStatusCLITests {
    let environment = CLIFleets.keys

    @Test func statusSaysHeldWhileTheTypeIsOverBudget() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", BudgetHoldCLITests.config)
        let record = try CLI.run(["record", "--config", config, "--now", "2026-11-24T10:00:00Z"],
                                 stdin: BudgetHoldCLITests.success(at: "2026-11-24T10:00:00Z", tokens: 2000) + "\n", environment: environment)
        #expect(record.status == 0, "\(record.stderr)")

        let during = ["--config", config, "--now", "2026-11-24T11:00:00Z"]
        let table = try CLI.run(["status"] + during, environment: environment)
        #expect(table.status == 0, "\(table.stderr)")
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("coder-1") })
        #expect(row.contains("held: over budget"), "\(table.stdout)")
        let json = try CLI.run(["status", "--json"] + during, environment: environment)
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(agents.first?["held"] as? Bool == true)
        #expect(agents.first?["cooldown_seconds"] as? Int == 900)

        // A day later the tokens have left the 24h window: no longer held, its cooldown long over.
        let after = ["--config", config, "--now", "2026-11-25T11:00:00Z"]
        let later = try CLI.run(["status"] + after, environment: environment)
        #expect(!later.stdout.contains("held"), "\(later.stdout)")
        let laterJSON = try CLI.run(["status", "--json"] + after, environment: environment)
        let laterAgents = try #require(try JSONSerialization.jsonObject(with: Data(laterJSON.stdout.utf8)) as? [[String: Any]])
        #expect(laterAgents.first?["held"] as? Bool == false)
    }
}
