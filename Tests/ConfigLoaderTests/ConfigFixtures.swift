import ConfigLoader
import FailoverCore
import Foundation

/// A small valid config, and helpers to check variations of it.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let examplePath = repositoryRoot.appendingPathComponent("examples/failover.yaml").path

    static let valid = """
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
        """

    static func check(_ yaml: String) -> ConfigReport {
        ConfigLoader.check(yaml: yaml, file: "failover.yaml")
    }

    /// The single diagnostic at `path`, or nil.
    static func diagnostic(_ yaml: String, at path: ConfigPath) -> Diagnostic? {
        let found = check(yaml).diagnostics.filter { $0.path == path }
        return found.count == 1 ? found[0] : nil
    }
}

/// Paths written as literals in tests read as operators write them.
extension ConfigPath: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        self.init(parsing: text)
    }
}
