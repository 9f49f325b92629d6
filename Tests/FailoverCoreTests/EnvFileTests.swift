import FailoverCore
import Testing

@Suite struct EnvFileTests {
    let registry = ProviderRegistry.builtIn

    @Test func anthropicUsesTheAPIKeyVariable() throws {
        let text = try EnvFile.render(agent: "coder-1", tier: 1, of: 3, entry: ChainEntry(provider: "anthropic", model: "claude-sonnet-4-5"),
                                      provider: registry["anthropic"]!, environment: ["ANTHROPIC_API_KEY": "sk-ant-test"]).get()
        #expect(text.contains("\nANTHROPIC_BASE_URL=https://api.anthropic.com\n"))
        #expect(text.contains("\nANTHROPIC_MODEL=claude-sonnet-4-5\n"))
        #expect(text.contains("\nANTHROPIC_API_KEY=sk-ant-test\n"))
        #expect(!text.contains("ANTHROPIC_AUTH_TOKEN"))
    }

    @Test func compatibleProvidersUseTheAuthToken() throws {
        let text = try EnvFile.render(agent: "coder-1", tier: 2, of: 3, entry: ChainEntry(provider: "deepseek", model: "deepseek-chat"),
                                      provider: registry["deepseek"]!, environment: ["DEEPSEEK_API_KEY": "ds-key"]).get()
        #expect(text.contains("\nANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic\n"))
        #expect(text.contains("\nANTHROPIC_AUTH_TOKEN=ds-key\n"))
        #expect(text.contains("\nANTHROPIC_SMALL_FAST_MODEL=deepseek-chat\n"))
        #expect(!text.contains("ANTHROPIC_API_KEY"))
    }

    @Test func ollamaGetsAPlaceholderAndNoV1() throws {
        let text = try EnvFile.render(agent: "coder-1", tier: 3, of: 3, entry: ChainEntry(provider: "ollama", model: "qwen3-coder:30b"),
                                      provider: registry["ollama"]!, environment: [:]).get()
        #expect(text.contains("\nANTHROPIC_AUTH_TOKEN=ollama\n"))
        #expect(text.contains("ANTHROPIC_BASE_URL=http://host.docker.internal:11434\n"))
        #expect(!text.contains("/v1"))
    }

    @Test(arguments: [[:], ["DEEPSEEK_API_KEY": ""]])
    func missingOrEmptyKeyIsAProblemNamingTheVariable(environment: [String: String]) {
        let result = EnvFile.render(agent: "coder-1", tier: 2, of: 3, entry: ChainEntry(provider: "deepseek", model: "deepseek-chat"),
                                    provider: registry["deepseek"]!, environment: environment)
        #expect(throws: EnvFile.Problem.missingKey(provider: "deepseek", variable: "DEEPSEEK_API_KEY")) { try result.get() }
    }

    /// A key variable whose bytes are not UTF-8 cannot be written as it is; written repaired, the
    /// container would get a different key and fail in a way blamed on the provider.
    @Test func aKeyThatIsNotUTF8IsAProblemLikeAMissingOne() throws {
        let result = EnvFile.render(agent: "coder-1", tier: 1, of: 3, entry: ChainEntry(provider: "anthropic", model: "m"),
                                    provider: registry["anthropic"]!, environment: [:], notUTF8: ["ANTHROPIC_API_KEY"])
        #expect(throws: EnvFile.Problem.keyNotUTF8(provider: "anthropic", variable: "ANTHROPIC_API_KEY")) { try result.get() }
        let problem = EnvFile.Problem.keyNotUTF8(provider: "anthropic", variable: "ANTHROPIC_API_KEY")
        #expect(problem.description.hasPrefix("ANTHROPIC_API_KEY in the dispatcher's environment is not valid UTF-8"))
        // Another provider's unreadable key does not matter here.
        #expect(throws: Never.self) {
            try EnvFile.render(agent: "coder-1", tier: 1, of: 3, entry: ChainEntry(provider: "anthropic", model: "m"), provider: registry["anthropic"]!,
                               environment: ["ANTHROPIC_API_KEY": "k"], notUTF8: ["DEEPSEEK_API_KEY"]).get()
        }
    }

    @Test func aKeyWithALineBreakIsRefused() {
        let result = EnvFile.render(agent: "coder-1", tier: 2, of: 3, entry: ChainEntry(provider: "deepseek", model: "deepseek-chat"),
                                    provider: registry["deepseek"]!, environment: ["DEEPSEEK_API_KEY": "a\nEVIL=1"])
        #expect(throws: EnvFile.Problem.unsafeValue(variable: "DEEPSEEK_API_KEY")) { try result.get() }
    }
}

@Suite struct SecretRedactorTests {
    @Test func removesKnownSecretsAndKeyShapes() {
        let redactor = SecretRedactor(secrets: ["supersecretvalue123", "short"])
        #expect(redactor.redact("bad key supersecretvalue123 here") == "bad key [redacted] here")
        #expect(redactor.redact("short words stay") == "short words stay")
        #expect(redactor.redact("invalid x-api-key sk-ant-api03-abcdefghijklmnopqrstuv") == "invalid x-api-key sk-[redacted]")
        #expect(redactor.redact("task-sk-1 and sk-short") == "task-sk-1 and sk-short")
    }

    @Test func readsProviderKeysFromTheEnvironment() {
        let redactor = SecretRedactor(providers: .builtIn, environment: ["DEEPSEEK_API_KEY": "deepseek-secret-0001", "HOME": "/root"])
        #expect(redactor.redact("echo deepseek-secret-0001") == "echo [redacted]")
        #expect(redactor.redact("/root") == "/root")
    }
}
