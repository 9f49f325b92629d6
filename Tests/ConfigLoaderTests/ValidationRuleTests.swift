import ConfigLoader
import FailoverCore
import Testing

/// One test per rule in specs/config.md, each asserting the path the message names.
@Suite struct ValidationRuleTests {
    @Test func validBaseHasNoDiagnostics() {
        let report = Fixtures.check(Fixtures.valid)
        #expect(report.diagnostics.isEmpty)
        #expect(report.isValid)
    }

    @Test func emptyModelIsAnErrorAtItsPath() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "model: deepseek-chat", with: "model: \"\"")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain[1].model"))
        #expect(problem.severity == .error)
        #expect(problem.message == "must not be empty")
        #expect(problem.formatted(file: "failover.yaml") == "failover.yaml:6:38: error: agent_types.coder.provider_chain[1].model: must not be empty")
    }

    @Test func missingModelIsRequired() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: ", model: deepseek-chat", with: "")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain[1].model"))
        #expect(problem.message == "is required")
        #expect(problem.line == 6)
    }

    @Test func unknownKeyIsAnErrorWithDidYouMean() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "provider_chain:", with: "provider_chian:")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chian"))
        #expect(problem.severity == .error)
        #expect(problem.message.hasPrefix("unknown key (did you mean \"provider_chain\"?)"))
        #expect(problem.line == 4 && problem.column == 5)
    }

    @Test(arguments: [
        ("servce:\n  usage_window: 1h\n", "servce", "service"),
        ("service:\n  site_tilte: x\n", "service.site_tilte", "site_title"),
        ("control:\n  coder-1: { pause: true }\n", "control.coder-1.pause", "paused"),
    ])
    func unknownKeysEverywhereSuggestTheRightOne(extra: String, path: String, suggestion: String) throws {
        let problem = try #require(Fixtures.diagnostic(Fixtures.valid + "\n" + extra, at: ConfigPath(parsing: path)))
        #expect(problem.message.contains("did you mean \"\(suggestion)\""))
    }

    @Test func unknownKeysInsideChainEntriesAndPolicies() throws {
        let yaml = Fixtures.valid
            .replacingOccurrences(of: "model: claude-sonnet-4-5", with: "modle: claude-sonnet-4-5")
            + "\n    failover: { cooldwon: 5m }"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain[0].modle")?.message.contains("\"model\"") == true)
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.failover.cooldwon")?.message.contains("\"cooldown\"") == true)
    }

    @Test(arguments: [0, 4])
    func chainLengthMustBeOneToThree(entries: Int) throws {
        let providers = ["anthropic", "deepseek", "ollama", "openrouter"]
        let chain = providers.prefix(entries).map { "      - { provider: \($0), model: m }" }.joined(separator: "\n")
        let yaml = """
            agent_types:
              coder:
                instances: [coder-1]
                provider_chain:\(entries == 0 ? " []" : "\n" + chain)
            """
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain"))
        #expect(problem.message == "must have 1 to 3 entries, found \(entries)")
        #expect(problem.line != nil)
    }

    @Test func duplicateProviderInAChain() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "provider: deepseek", with: "provider: anthropic")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain[1].provider"))
        #expect(problem.message.contains("already tier 1"))
    }

    @Test func unknownProviderSuggestsAndListsKnownOnes() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "provider: deepseek", with: "provider: deepsek")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain[1].provider"))
        #expect(problem.message.contains("unknown provider \"deepsek\" (did you mean \"deepseek\"?)"))
        #expect(problem.message.contains("anthropic, deepseek, ollama, openrouter"))
    }

    @Test func providerDefinedInConfigIsKnown() {
        let yaml = """
            providers:
              groq: { base_url: "https://api.groq.example/anthropic", api_key_env: GROQ_API_KEY }
            """ + "\n" + Fixtures.valid.replacingOccurrences(of: "provider: deepseek", with: "provider: groq")
        let report = Fixtures.check(yaml)
        #expect(report.diagnostics.isEmpty)
        #expect(report.config?.providers["groq"]?.apiKeyEnv == "GROQ_API_KEY")
        #expect(report.config?.providers["groq"]?.credentialVariable == .authToken)
    }

    @Test func providerOverrideKeepsBuiltInFields() {
        let yaml = "providers:\n  deepseek: { api_key_env: DS_KEY }\n" + Fixtures.valid
        let deepseek = Fixtures.check(yaml).config?.providers["deepseek"]
        #expect(deepseek?.apiKeyEnv == "DS_KEY")
        #expect(deepseek?.baseURL == "https://api.deepseek.com/anthropic")
    }

    @Test func newProviderNeedsABaseURLAndAValidKeyName() {
        let yaml = "providers:\n  groq: { api_key_env: \"groq key\" }\n" + Fixtures.valid
        #expect(Fixtures.diagnostic(yaml, at: "providers.groq.base_url")?.message.hasPrefix("is required") == true)
        #expect(Fixtures.diagnostic(yaml, at: "providers.groq.api_key_env")?.message.contains("environment variable") == true)
        let badURL = "providers:\n  groq: { base_url: ftp://x }\n" + Fixtures.valid
        #expect(Fixtures.diagnostic(badURL, at: "providers.groq.base_url")?.message.contains("http") == true)
    }

    @Test(arguments: ["-5", "0", "1.5", "lots"])
    func budgetMustBeAPositiveInteger(value: String) throws {
        let yaml = Fixtures.valid + "\n    usage_threshold_tokens: \(value)"
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.usage_threshold_tokens"))
        #expect(problem.severity == .error)
        #expect(problem.message.contains("must be a positive integer"))
    }

    @Test func budgetAllowsUnderscores() {
        let report = Fixtures.check(Fixtures.valid + "\n    usage_threshold_tokens: 2_000_000")
        #expect(report.config?.agentTypes[0].usageThresholdTokens == 2_000_000)
    }

    @Test(arguments: [
        ("    failover: { cooldown: 15 minutes }", "agent_types.coder.failover.cooldown"),
        ("    failover: { cooldown: 15 }", "agent_types.coder.failover.cooldown"),
        ("service_placeholder", "service.usage_window"),
    ])
    func badDurationsNameTheirPath(extra: String, path: String) throws {
        let yaml = extra == "service_placeholder"
            ? "service: { usage_window: 1 day }\n" + Fixtures.valid
            : Fixtures.valid + "\n" + extra
        let problem = try #require(Fixtures.diagnostic(yaml, at: ConfigPath(parsing: path)))
        #expect(problem.severity == .error)
    }

    @Test func legacyAndChainTogetherIsAnError() throws {
        let yaml = Fixtures.valid + "\n    provider: anthropic\n    model: claude-opus-4-1"
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder"))
        #expect(problem.message.contains("both provider_chain and the legacy"))
    }

    @Test func legacyFormMigratesToAChainOfOne() throws {
        let yaml = """
            agent_types:
              reviewer:
                provider: anthropic
                model: claude-opus-4-1
                instances: [reviewer-1]
            """
        let type = try #require(Fixtures.check(yaml).config?.agentTypes.first)
        #expect(type.chain == [ChainEntry(provider: "anthropic", model: "claude-opus-4-1")])
        #expect(type.isLegacy)
    }

    @Test func legacyFormNeedsBothKeys() {
        let yaml = "agent_types:\n  reviewer:\n    provider: anthropic\n    instances: [reviewer-1]\n"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.reviewer.model")?.message.hasPrefix("is required") == true)
    }

    @Test func legacyEmptyModelUsesTheLegacyPath() {
        let yaml = "agent_types:\n  reviewer:\n    provider: anthropic\n    model: \"\"\n    instances: [reviewer-1]\n"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.reviewer.model")?.message == "must not be empty")
    }

    @Test func typeWithoutAnyChainIsAnError() {
        let yaml = "agent_types:\n  coder:\n    instances: [coder-1]\n"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain")?.message.hasPrefix("is required") == true)
    }

    @Test func instanceNamesAreUniqueAcrossTypes() throws {
        let yaml = Fixtures.valid + """

              reviewer:
                provider: anthropic
                model: claude-opus-4-1
                instances: [reviewer-1, coder-2]
            """
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.reviewer.instances[1]"))
        #expect(problem.message.contains("already an instance of type coder"))
    }

    @Test(arguments: ["../etc/passwd", "a/b", "coder 1", "..", ".hidden", "a..b", "ünï"])
    func instanceNamesMustBeSafeFileNames(name: String) throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "coder-2", with: "\"\(name)\"")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.instances[1]"))
        #expect(problem.severity == .error)
    }

    @Test func onExhaustedMustBePauseOrWrap() {
        let yaml = Fixtures.valid + "\n    failover: { on_exhausted: wrapp }"
        let problem = Fixtures.diagnostic(yaml, at: "agent_types.coder.failover.on_exhausted")
        #expect(problem?.message.contains("did you mean \"wrap\"") == true)
    }

    @Test func triggersMustBeKnownKinds() {
        let yaml = Fixtures.valid + "\n    failover: { triggers: [auth, ratelimit, other] }"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.failover.triggers[1]")?.message.contains("did you mean \"rate_limit\"") == true)
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.failover.triggers[2]")?.message.contains("never moves a tier") == true)
    }

    @Test func serverErrorAfterMustBeAtLeastOne() {
        let yaml = Fixtures.valid + "\n    failover: { server_error_after: 0 }"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.failover.server_error_after")?.message == "must be 1 to 1000, got 0")
    }

    @Test func modeMustBeContainerOrHost() {
        let yaml = Fixtures.valid + "\n    mode: vm"
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.mode")?.severity == .error)
    }

    @Test func controlPausedMustBeABoolean() {
        let yaml = Fixtures.valid + "\ncontrol:\n  coder-1: { paused: maybe }"
        #expect(Fixtures.diagnostic(yaml, at: "control.coder-1.paused")?.message.contains("true or false") == true)
    }

    @Test func serviceBaseURLMustBeAbsoluteAndGetsATrailingSlash() {
        let bad = "service: { base_url: status.example.com }\n" + Fixtures.valid
        #expect(Fixtures.diagnostic(bad, at: "service.base_url")?.severity == .error)
        let good = "service: { base_url: \"https://status.example.com\" }\n" + Fixtures.valid
        #expect(Fixtures.check(good).config?.service.baseURL == "https://status.example.com/")
    }

    @Test func staleAfterIsAPositiveDuration() {
        #expect(Fixtures.check("service: { stale_after: 5m }\n" + Fixtures.valid).config?.service.staleAfter == .minutes(5))
        #expect(Fixtures.diagnostic("service: { stale_after: 0s }\n" + Fixtures.valid, at: "service.stale_after")?.message == "must be longer than 0s")
        #expect(Fixtures.diagnostic("service: { stale_after: soon }\n" + Fixtures.valid, at: "service.stale_after")?.severity == .error)
    }

    // MARK: Warnings

    @Test func hostModeWithNonAnthropicTierOneWarns() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "provider: anthropic", with: "provider: openrouter") + "\n    mode: host"
        let report = Fixtures.check(yaml)
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.mode"))
        #expect(problem.severity == .warning)
        #expect(report.isValid)
    }

    @Test func hostModeWarnsForEveryTierAnthropicCannotCarry() throws {
        // The fixture's coder: anthropic, then deepseek.
        let yaml = Fixtures.valid + "\n    mode: host"
        let report = Fixtures.check(yaml)
        #expect(report.isValid)
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.coder.mode") == nil, "tier 1 is anthropic")
        let tier2 = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.provider_chain[1].provider"))
        #expect(tier2.severity == .warning && tier2.message.contains("tier 2 would never reach them"))
    }

    @Test func tokenBudgetOnAOneEntryChainIsDroppedButTheBudgetKept() throws {
        let yaml = """
            agent_types:
              solo:
                instances: [solo-1]
                provider_chain: [{ provider: anthropic, model: claude-sonnet-4-5 }]
                failover: { triggers: [auth, token_budget] }
                usage_threshold_tokens: 1000
            """
        let report = Fixtures.check(yaml)
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.solo.failover.triggers"))
        #expect(problem.severity == .warning)
        #expect(problem.line == 5)
        let type = try #require(report.config?.agentTypes.first)
        #expect(type.failover.triggers == [.auth])
        #expect(type.usageThresholdTokens == 1000)
    }

    @Test func aTypeWithNoInstancesWarns() throws {
        let yaml = Fixtures.valid.replacingOccurrences(of: "[coder-1, coder-2]", with: "[]")
        let problem = try #require(Fixtures.diagnostic(yaml, at: "agent_types.coder.instances"))
        #expect(problem.severity == .warning)
        #expect(Fixtures.check(yaml).isValid)
    }

    @Test func typeNamesMustBeSafeToo() {
        let yaml = Fixtures.valid.replacingOccurrences(of: "  coder:", with: "  \"my coder\":")
        #expect(Fixtures.diagnostic(yaml, at: "agent_types.my coder")?.severity == .error)
    }

    @Test func controlForAnUnknownAgentWarns() throws {
        let yaml = Fixtures.valid + "\ncontrol:\n  coder-9: { paused: true }"
        let report = Fixtures.check(yaml)
        let problem = try #require(Fixtures.diagnostic(yaml, at: "control.coder-9"))
        #expect(problem.severity == .warning)
        #expect(problem.line == 8)
        #expect(report.isValid)
    }

    // MARK: Whole-file behaviour

    @Test func everyProblemIsReportedInOneRun() {
        let yaml = """
            agent_types:
              coder:
                instances: [coder-1, "bad/name"]
                provider_chain:
                  - { provider: antropic, model: "" }
                failover: { cooldown: soon }
                usage_threshold_tokens: -1
            control:
              ghost: { paused: true }
            """
        let report = Fixtures.check(yaml)
        #expect(report.diagnostics.errors.map(\.path) == [
            "agent_types.coder.instances[1]",
            "agent_types.coder.provider_chain[0].provider",
            "agent_types.coder.provider_chain[0].model",
            "agent_types.coder.failover.cooldown",
            "agent_types.coder.usage_threshold_tokens",
        ])
        #expect(report.diagnostics.warnings.map(\.path) == ["control.ghost"])
        #expect(!report.isValid)
    }

    @Test func yamlSyntaxErrorsCarryAPosition() throws {
        let report = Fixtures.check("agent_types:\n  coder: [unclosed\n")
        let problem = try #require(report.diagnostics.first)
        #expect(problem.message.hasPrefix("YAML syntax:"))
        #expect(problem.line != nil)
    }

    @Test func duplicateKeysAreAnError() {
        let report = Fixtures.check(Fixtures.valid + "\n  coder:\n    instances: [x]")
        #expect(report.diagnostics.first?.message == "YAML: duplicate key \"coder\" in one mapping; keep one of them")
    }

    @Test func emptyFileAndMissingAgentTypesAreErrors() {
        #expect(Fixtures.check("").diagnostics.first?.message.contains("empty") == true)
        #expect(Fixtures.diagnostic("service: { site_title: x }", at: "agent_types")?.severity == .error)
    }

    @Test func defaultsApply() throws {
        let config = try #require(Fixtures.check(Fixtures.valid).config)
        let type = config.agentTypes[0]
        #expect(type.mode == .container)
        #expect(type.failover == FailoverPolicy(cooldown: .minutes(15), onExhausted: .pause, triggers: [.auth, .quota, .rateLimit, .serverError], serverErrorAfter: 3))
        #expect(config.service == ServiceSettings())
        #expect(config.service.usageWindow == .span(.hours(24)))
    }
}

/// Paths are structured: a name holding `.` is one key, and a diagnostic is placed at its own
/// node, never at another type's whose name is a prefix of it.
@Suite struct ConfigPathTests {
    @Test func aPathPrintsAsOperatorsWriteItAndWalksUp() {
        let path = ConfigPath("agent_types", "coder.v2", "provider_chain").index(1).key("model")
        #expect(path.description == "agent_types.coder.v2.provider_chain[1].model")
        #expect(path.parent?.description == "agent_types.coder.v2.provider_chain[1]")
        #expect(path.parent?.parent?.parent == ConfigPath("agent_types", "coder.v2"))
        #expect(ConfigPath.root.parent == nil && ConfigPath.root.description == "")
        #expect(ConfigPath(parsing: "agent_types.coder.provider_chain[1].model") == ConfigPath("agent_types", "coder", "provider_chain").index(1).key("model"))
    }

    @Test func aDottedTypeNameIsOneKey() throws {
        let yaml = """
            agent_types:
              coder:
                instances: [c-1]
                provider_chain:
                  - { provider: anthropic, model: m }
              coder.v2:
                instances: [c-2]
                provider_chain:
                  - { provider: anthropic, model: "" }
            """
        let problem = try #require(Fixtures.check(yaml).diagnostics.first)
        #expect(problem.path.components == [.key("agent_types"), .key("coder.v2"), .key("provider_chain"), .index(0), .key("model")])
        #expect(problem.line == 9)
    }
}
