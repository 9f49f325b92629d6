import ConfigLoader
import FailoverCore
import Foundation
import Testing

@Suite struct ConfigFileTests {
    @Test func exampleValidatesClean() throws {
        let report = try ConfigLoader.check(path: Fixtures.examplePath)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let config = try #require(report.config)
        #expect(config.agentTypes.count == 3)
        #expect(config.instances.count == 6)
        #expect(config.agentTypes.contains { $0.isLegacy })
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let loaded = try ConfigLoader.load(path: Fixtures.examplePath)
        let examples = Fixtures.repositoryRoot.appendingPathComponent("examples").path
        #expect(loaded.databasePath == examples + "/var/failover.sqlite")
        #expect(loaded.envDirectory == examples + "/var/env")
        #expect(loaded.siteDirectory == examples + "/public")
        #expect(loaded.resolve("/srv/x/../y") == "/srv/y")
    }

    @Test func missingFileSaysHowToPointAtOne() {
        #expect {
            try ConfigLoader.check(path: "/nonexistent/failover.yaml")
        } throws: { error in
            "\(error)".contains("--config PATH or set FAILOVER_CONFIG")
        }
    }

    @Test func invalidConfigThrowsWithEveryDiagnostic() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("failover.yaml").path
        try? Data("agent_types:\n  coder:\n    instances: [a]\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect {
            try ConfigLoader.load(path: file)
        } throws: { error in
            guard case ConfigError.invalid(_, let diagnostics, _) = error else { return false }
            return diagnostics.map(\.path) == ["agent_types.coder.provider_chain"]
        }
    }

    @Test func locateHonoursOptionThenEnvironmentThenDefault() {
        #expect(ConfigLoader.locate(option: "a.yaml", environment: ["FAILOVER_CONFIG": "b.yaml"]) == "a.yaml")
        #expect(ConfigLoader.locate(option: nil, environment: ["FAILOVER_CONFIG": "b.yaml"]) == "b.yaml")
        #expect(ConfigLoader.locate(option: nil, environment: [:]) == "failover.yaml")
    }
}
