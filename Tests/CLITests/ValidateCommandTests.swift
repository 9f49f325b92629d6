import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func exampleIsValidAndPrintsTheFleet() throws {
        let result = try CLI.run(["validate", "--config", CLI.repositoryRoot.appendingPathComponent("examples/failover.yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid: 3 agent types, 6 instances, 0 warning(s)"))
        #expect(result.stdout.contains("anthropic/claude-sonnet-4-5 -> deepseek/deepseek-chat -> ollama/qwen3-coder:30b"))
        #expect(result.stderr.isEmpty)
    }

    @Test func badFileExitsOneWithCompilerStyleLines() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", """
            agent_types:
              coder:
                instances: [coder-1]
                provider_chain:
                  - { provider: anthropic, model: "" }
            """)
        let result = try CLI.run(["validate", "--config", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):5:39: error: agent_types.coder.provider_chain[0].model: must not be empty"))
        #expect(result.stderr.contains("invalid: 1 error(s), 0 warning(s)"))
    }

    @Test func warningsAloneStillExitZero() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", """
            agent_types:
              coder:
                instances: [coder-1]
                provider: anthropic
                model: claude-sonnet-4-5
            control:
              coder-7: { paused: true }
            """)
        let result = try CLI.run(["validate", "--config", file])
        #expect(result.status == 0)
        #expect(result.stderr.contains(":7:3: warning: control.coder-7:"))
    }

    @Test func jsonReportListsProblemsWithPositions() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", "agent_types:\n  coder:\n    instances: [coder-1]\n    provider_chian: []\n")
        let result = try CLI.run(["validate", "--json", "--config", file])
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["valid"] as? Bool == false)
        let errors = report?["errors"] as? [[String: Any]] ?? []
        #expect(errors.contains { $0["path"] as? String == "agent_types.coder.provider_chian" && $0["line"] as? Int == 4 && $0["column"] as? Int == 5 })
    }

    @Test func configComesFromTheEnvironmentWhenNoOptionIsGiven() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("fleet.yaml", "agent_types:\n  c:\n    instances: [c-1]\n    provider: anthropic\n    model: m\n")
        let result = try CLI.run(["validate", "--quiet"], environment: ["FAILOVER_CONFIG": file])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func missingFileAndBadArgumentsAreUserErrors() throws {
        let missing = try CLI.run(["validate", "--config", "/nonexistent/failover.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("config file not found: /nonexistent/failover.yaml"))
        let badFlag = try CLI.run(["validate", "--no-such-flag"])
        #expect(badFlag.status == 1)
    }
}
