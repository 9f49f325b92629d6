import ConfigLoader
import FailoverCore
import Foundation
import Testing

/// A config's size is bounded by what its aliases expand to, not by its bytes: composing an alias is
/// free, walking what it stands for is not. And however many problems a file has, the report lists a
/// bounded number and suggests a bounded number of names.
@Suite struct ConfigSizeTests {
    static let fleet = """
        agent_types:
          coder:
            instances: [coder-1]
            provider_chain: [{ provider: anthropic, model: m }]
        """

    /// `x: &m {k0: 1, …}` used `columns` times under `control`: each use expands to the whole mapping.
    static func amplified(keys: Int, uses: Int) -> String {
        let mapping = (0..<keys).map { "k\($0): 1" }.joined(separator: ", ")
        let control = (0..<uses).map { "c\($0): *m" }.joined(separator: ", ")
        return "x: &m {\(mapping)}\n\(fleet)\ncontrol: {\(control)}\n"
    }

    @Test func aliasesExpandingPastTheLimitAreOneError() throws {
        let report = Fixtures.check(Self.amplified(keys: 500, uses: 500))
        #expect(!report.isValid)
        let problem = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1, "\(report.diagnostics.prefix(3))")
        #expect(problem.message.contains("aliases expand"), "\(problem.message)")
        #expect(problem.message.contains("200000 values"), "\(problem.message)")
        #expect(problem.line == 6)
    }

    /// Yams hashes a mapping's keys to find duplicates; a key that is an alias of a nested alias bomb
    /// would be hashed node by node, ten million of them here, before the loader saw the tree.
    @Test func anAliasBombAsAKeyIsRefusedBeforeItIsComposed() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...7 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]") }
        let report = Fixtures.check(lines.joined(separator: "\n") + "\nz: {? *a7 : 1}\n" + Self.fleet)
        let problem = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1, "\(report.diagnostics.prefix(3))")
        #expect(problem.message.contains("aliases expand"), "\(problem.message)")
    }

    @Test func aFileWithTooManyValuesIsRefusedWithoutBlamingAliases() throws {
        let names = Array(repeating: "coder-1", count: 200_001).joined(separator: ",")
        let report = Fixtures.check(Self.fleet.replacingOccurrences(of: "[coder-1]", with: "[\(names)]"))
        let problem = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1)
        #expect(problem.message.contains("holds more than 200000 values"), "\(problem.message)")
        #expect(!problem.message.contains("alias"))
    }

    /// The bound is far above a real fleet: ten thousand agents, each with a control entry, and a few
    /// aliases for shared chains, load.
    @Test func tenThousandAgentsWithControlEntriesFit() {
        let names = (0..<10_000).map { "coder-\($0)" }
        let yaml = """
            chains: &chain
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
            agent_types:
              coder:
                instances: [\(names.joined(separator: ", "))]
                provider_chain: *chain
            control:
            \(names.map { "  \($0): { paused: false, reset: \"2026-11-24T10:15Z\" }" }.joined(separator: "\n"))
            """
        let report = Fixtures.check(yaml)
        // `chains` is not a key of ours: one error, and nothing about size.
        #expect(report.diagnostics.map(\.message) == [#"unknown key; allowed here: service, providers, agent_types, control"#], "\(report.diagnostics.prefix(3))")
    }

    @Test func atMostAThousandProblemsAreListedAndTheRestCounted() throws {
        let names = (0..<5000).map { "\"bad/\($0)\"" }.joined(separator: ", ")
        let report = Fixtures.check(Self.fleet.replacingOccurrences(of: "[coder-1]", with: "[\(names)]"))
        #expect(report.diagnostics.count == 1001)
        #expect(report.errorCount == 5000)
        let summary = try #require(report.diagnostics.last)
        #expect(summary.severity == .error)
        #expect(summary.message.contains("and 4000 more"), "\(summary.message)")
        #expect(summary.message.contains("4000 error(s)"), "\(summary.message)")
    }

    /// Each suggestion compares a name with every candidate: a few hundred unknown control entries
    /// against as many instances get a hundred suggestions, not one each.
    @Test func suggestionsForUnknownControlEntriesAreBounded() {
        let names = (0..<300).map { "coder-\($0)" }
        let yaml = Self.fleet.replacingOccurrences(of: "[coder-1]", with: "[\(names.joined(separator: ", "))]")
            + "\ncontrol:\n" + (0..<300).map { "  codr-\($0): { paused: true }" }.joined(separator: "\n")
        let report = Fixtures.check(yaml)
        #expect(report.isValid)
        let hinted = report.diagnostics.filter { $0.message.contains("did you mean") }
        #expect(hinted.count == 100, "\(hinted.count) suggestions")
        #expect(report.warningCount == 300)
    }
}
