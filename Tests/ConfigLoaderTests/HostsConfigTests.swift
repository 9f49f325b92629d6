import ConfigLoader
import FailoverCore
import Testing

/// `agent_types.<type>.hosts` (specs/config.md, "Hosts"): which dispatcher host runs which instances.
@Suite struct HostsConfigTests {
    static func yaml(coder: String, reviewer: String? = nil) -> String {
        """
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
        \(coder.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
          reviewer:
            instances: [reviewer-1]
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
        \(reviewer.map { "    " + $0 } ?? "")
        """
    }

    static let placed = yaml(coder: "hosts: { dispatch-a: [coder-1, coder-2], dispatch-b: [coder-3] }", reviewer: "hosts: { dispatch-b: [reviewer-1] }")

    @Test func aFleetWithoutHostsRunsUnderOneDispatcher() throws {
        let config = try #require(Fixtures.check(Fixtures.valid).config)
        #expect(!config.placesInstancesOnHosts)
        #expect(config.hostNames.isEmpty && config.hostOfInstance.isEmpty)
    }

    @Test func placementsAreReadInFileOrder() throws {
        let report = Fixtures.check(Self.placed)
        #expect(report.diagnostics.map(\.path) == ["service.database"], "only the SQLite warning: \(report.diagnostics)")
        let config = try #require(report.config)
        #expect(config.placesInstancesOnHosts)
        #expect(config.agentTypes[0].hosts == [
            HostPlacement(host: "dispatch-a", instances: ["coder-1", "coder-2"]),
            HostPlacement(host: "dispatch-b", instances: ["coder-3"]),
        ])
        #expect(config.hostNames == ["dispatch-a", "dispatch-b"])
        #expect(config.hostOfInstance == ["coder-1": "dispatch-a", "coder-2": "dispatch-a", "coder-3": "dispatch-b", "reviewer-1": "dispatch-b"])
    }

    @Test func anInstanceOfAnotherTypeOrOfNoneIsAnError() throws {
        let yaml = Self.yaml(coder: "hosts: { dispatch-a: [coder-1, coder-2, coder-3, coder-4, reviewer-1] }", reviewer: "hosts: { dispatch-b: [reviewer-1] }")
        let unknown = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.hosts.dispatch-a[3]"))
        #expect(unknown.severity == .error)
        #expect(unknown.message == #""coder-4" is not an instance of coder (did you mean "coder-1"?); list it under instances first"#, "\(unknown.message)")
        let other = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.hosts.dispatch-a[4]"))
        #expect(other.message.hasPrefix(#""reviewer-1" is not an instance of coder"#))
    }

    @Test func anInstanceRunsOnOneHost() throws {
        let twice = Self.yaml(coder: "hosts: { dispatch-a: [coder-1, coder-2, coder-1], dispatch-b: [coder-3, coder-2] }", reviewer: "hosts: { dispatch-b: [reviewer-1] }")
        let sameHost = try #require(Fixtures.diagnostic(twice, at: "agent_types.coder.hosts.dispatch-a[2]"))
        #expect(sameHost.severity == .error && sameHost.message.hasPrefix(#""coder-1" is listed twice under dispatch-a"#), "\(sameHost.message)")
        let otherHost = try #require(Fixtures.diagnostic(twice, at: "agent_types.coder.hosts.dispatch-b[1]"))
        #expect(otherHost.message.hasPrefix(#""coder-2" is already placed on dispatch-a; each instance runs on one host"#), "\(otherHost.message)")
    }

    @Test func onceAnyTypeNamesHostsEveryInstanceNeedsOne() throws {
        let partly = Self.yaml(coder: "hosts: { dispatch-a: [coder-1] }")
        let coder = try #require(Fixtures.diagnostic(partly, at: "agent_types.coder.hosts"))
        #expect(coder.severity == .error)
        #expect(coder.message.hasPrefix("coder-2, coder-3 are on no host; once any type places instances on hosts, every instance needs one"), "\(coder.message)")
        let reviewer = try #require(Fixtures.diagnostic(partly, at: "agent_types.reviewer"))
        #expect(reviewer.message.hasPrefix("reviewer-1 is on no host"), "\(reviewer.message)")
        #expect(reviewer.message.contains("agent_types.reviewer.hosts"))
    }

    @Test func manyUnplacedInstancesAreCountedNotListed() throws {
        let names = (1...1000).map { "c-\($0)" }
        let yaml = """
            agent_types:
              coder:
                instances: [\(names.joined(separator: ", "))]
                hosts: { dispatch-a: [c-1] }
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
            """
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.hosts"))
        #expect(problem.message.hasPrefix("c-2, c-3, c-4, c-5, c-6 and 994 more are on no host"), "\(problem.message)")
    }

    @Test(arguments: [
        ("hosts: {}", nil, "names no host"),
        ("hosts: [dispatch-a]", nil, "must be a mapping of dispatcher host names"),
        ("hosts: { dispatch-a: coder-1 }", "dispatch-a", "must be a list"),
        ("hosts: { .hidden: [coder-1, coder-2, coder-3] }", ".hidden", "host name must not start with '.'"),
        ("hosts: { \"dispatch a\": [coder-1, coder-2, coder-3] }", "dispatch a", "host name may hold only letters, digits, '-', '_' and '.' (as instance names)"),
    ] as [(String, String?, String)])
    func aMalformedPlacementIsAnError(hosts: String, host: String?, message: String) throws {
        let report = Fixtures.check(Self.yaml(coder: hosts, reviewer: "hosts: { dispatch-b: [reviewer-1] }"))
        #expect(!report.isValid)
        let base = ConfigPath("agent_types", "coder", "hosts")
        let path = host.map { base.key($0) } ?? base
        let problem = try #require(report.diagnostics.first { $0.path == path && $0.severity == .error }, "\(report.diagnostics)")
        #expect(problem.message.contains(message), "\(problem.message)")
    }

    @Test func aHostNameThatLooksLikeAKeyIsAnErrorAndNotEchoed() throws {
        let key = "sk-ant-api03-" + String(repeating: "Q", count: 40)
        let report = Fixtures.check(Self.yaml(coder: "hosts: { \"\(key)\": [coder-1, coder-2, coder-3] }", reviewer: "hosts: { \"\(key)\": [reviewer-1] }"))
        #expect(!report.isValid)
        let problems = report.diagnostics.filter { $0.message.contains("holds what looks like an API key (not shown)") }
        #expect(problems.count == 2, "\(report.diagnostics)")
        #expect(report.diagnostics.allSatisfy { !$0.message.contains(key) })
    }

    @Test func hostsOnASQLiteFileAreWarnedAbout() throws {
        let sqlite = try #require(Fixtures.diagnostic(Self.placed, at: "service.database"))
        #expect(sqlite.severity == .warning && sqlite.message.hasPrefix("is a SQLite file, which only the dispatchers of one machine can share"))
        let postgres = "service:\n  database: postgres://failover@db.internal/fleet\n  database_password_env: PGPASS\n" + Self.placed
        #expect(Fixtures.check(postgres).diagnostics.isEmpty, "\(Fixtures.check(postgres).diagnostics)")
        #expect(Fixtures.diagnostic(Fixtures.valid, at: "service.database") == nil, "no hosts, no warning")
    }

    @Test func aHostWithNoInstancesIsAWarning() throws {
        let yaml = Self.yaml(coder: "hosts:\n  dispatch-a: [coder-1, coder-2, coder-3]\n  dispatch-c:", reviewer: "hosts: { dispatch-b: [reviewer-1] }")
        let report = Fixtures.check(yaml)
        #expect(report.isValid, "\(report.diagnostics)")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.hosts.dispatch-c"))
        #expect(problem.severity == .warning && problem.message == "lists no instances, so this host runs none of coder")
    }

    /// Hostile sizes: a host name of 1,000 characters (YAML caps a plain key at 1,024), ten thousand hosts; no trap, a bounded message.
    @Test func hostileHostNamesAreRefusedWithoutTrapping() throws {
        let long = String(repeating: "h", count: 1000)
        let report = Fixtures.check(Self.yaml(coder: "hosts: { \(long): [coder-1, coder-2, coder-3] }", reviewer: "hosts: { \(long): [reviewer-1] }"))
        #expect(!report.isValid)
        #expect(report.diagnostics.contains { $0.message.contains("host name must be at most 64 characters") }, "\(report.diagnostics.map { String($0.message.prefix(200)) })")
        let many = (1...10_000).map { "h\($0): []" }.joined(separator: ", ")
        let wide = Fixtures.check(Self.yaml(coder: "hosts: { \(many), dispatch-a: [coder-1, coder-2, coder-3] }", reviewer: "hosts: { dispatch-a: [reviewer-1] }"))
        #expect(wide.isValid, "\(wide.diagnostics.prefix(3))")
        #expect(wide.config?.hostNames.count == 10_001)
    }
}
