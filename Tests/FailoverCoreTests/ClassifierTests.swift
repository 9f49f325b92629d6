import FailoverCore
import Testing

/// Realistic provider error bodies, as the dispatcher passes them to `record`.
@Suite struct ClassifierTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var provider: ProviderName
        var status: Int?
        var type: String?
        var message: String?
        var kind: FailureKind
        var testDescription: String { "\(provider) \(status.map(String.init) ?? "-") \(type ?? "-") → \(kind.rawValue)" }
    }

    static let cases: [Case] = [
        // Anthropic
        Case(provider: "anthropic", status: 401, type: "authentication_error", message: "invalid x-api-key", kind: .auth),
        Case(provider: "anthropic", status: 403, type: "permission_error", message: "Your API key does not have permission to use the specified resource.", kind: .auth),
        Case(provider: "anthropic", status: 400, type: "invalid_request_error", message: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.", kind: .quota),
        Case(provider: "anthropic", status: 402, type: "billing_error", message: "Billing issue with your account", kind: .quota),
        Case(provider: "anthropic", status: 429, type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit", kind: .rateLimit),
        Case(provider: "anthropic", status: 500, type: "api_error", message: "Internal server error", kind: .serverError),
        Case(provider: "anthropic", status: 529, type: "overloaded_error", message: "Overloaded", kind: .serverError),
        Case(provider: "anthropic", status: 200, type: "overloaded_error", message: "Overloaded", kind: .serverError),
        Case(provider: "anthropic", status: 504, type: "timeout_error", message: "Request timed out", kind: .serverError),
        Case(provider: "anthropic", status: 400, type: "invalid_request_error", message: "messages: roles must alternate", kind: .other),
        Case(provider: "anthropic", status: 413, type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes.", kind: .other),
        Case(provider: "anthropic", status: 404, type: "not_found_error", message: "model: claude-x", kind: .other),
        Case(provider: "anthropic", status: nil, type: nil, message: "Claude AI usage limit reached|1764000000", kind: .quota),
        // DeepSeek
        Case(provider: "deepseek", status: 401, type: nil, message: "Authentication Fails (no such user)", kind: .auth),
        Case(provider: "deepseek", status: 402, type: nil, message: "Insufficient Balance", kind: .quota),
        Case(provider: "deepseek", status: 429, type: nil, message: "Rate Limit Reached", kind: .rateLimit),
        Case(provider: "deepseek", status: 500, type: nil, message: "Server Error", kind: .serverError),
        Case(provider: "deepseek", status: 503, type: nil, message: "Server Overloaded", kind: .serverError),
        Case(provider: "deepseek", status: 422, type: nil, message: "Invalid Parameters", kind: .other),
        Case(provider: "deepseek", status: 400, type: nil, message: "Invalid Format", kind: .other),
        // OpenRouter
        Case(provider: "openrouter", status: 402, type: nil, message: "Insufficient credits. Add more using https://openrouter.ai/credits", kind: .quota),
        Case(provider: "openrouter", status: 403, type: nil, message: "Your chosen model requires moderation and your input was flagged", kind: .other),
        Case(provider: "openrouter", status: 403, type: "permission_error", message: "Input flagged by moderation", kind: .other),
        Case(provider: "openrouter", status: 401, type: nil, message: "No auth credentials found", kind: .auth),
        Case(provider: "openrouter", status: 408, type: nil, message: "Request timed out", kind: .serverError),
        Case(provider: "openrouter", status: 502, type: nil, message: "Your chosen model is down", kind: .serverError),
        // OpenAI-compatible, through a provider defined in the config
        Case(provider: "groq", status: 429, type: "insufficient_quota", message: "You exceeded your current quota, please check your plan and billing details.", kind: .quota),
        Case(provider: "groq", status: 429, type: nil, message: "You exceeded your current quota (insufficient_quota)", kind: .quota),
        Case(provider: "groq", status: 429, type: nil, message: "Rate limit reached for requests", kind: .rateLimit),
        Case(provider: "groq", status: 502, type: nil, message: "Bad gateway", kind: .serverError),
        Case(provider: "groq", status: 408, type: nil, message: nil, kind: .serverError),
        // Ollama and the network
        Case(provider: "ollama", status: nil, type: nil, message: "dial tcp 127.0.0.1:11434: connect: connection refused", kind: .serverError),
        Case(provider: "ollama", status: 404, type: nil, message: "model 'qwen3-coder:30b' not found, try pulling it first", kind: .other),
        Case(provider: "anthropic", status: nil, type: nil, message: "read ECONNRESET", kind: .serverError),
        Case(provider: "deepseek", status: nil, type: nil, message: "Request timed out after 600s", kind: .serverError),
        // A status present means the server answered: "timeout" in its message is not a network failure.
        Case(provider: "anthropic", status: 400, type: nil, message: "timeout parameter must be positive", kind: .other),
        Case(provider: "anthropic", status: nil, type: "cancelled", message: "Task cancelled by dispatcher", kind: .other),
        Case(provider: "anthropic", status: nil, type: nil, message: "task cancelled", kind: .other),
        Case(provider: "anthropic", status: nil, type: nil, message: nil, kind: .other),
    ]

    @Test(arguments: cases)
    func classifies(_ example: Case) {
        let report = ErrorReport(status: example.status, errorType: example.type, message: example.message)
        #expect(ErrorClassifier.standard.classify(report, provider: example.provider).kind == example.kind)
    }

    @Test func typeDecidesBeforeStatus() {
        // A mid-stream overloaded error under 200, and a 400 that is really a quota problem.
        let classifier = ErrorClassifier.standard
        #expect(classifier.classify(ErrorReport(status: 200, errorType: "overloaded_error"), provider: "anthropic").kind == .serverError)
        #expect(classifier.classify(ErrorReport(status: 401, errorType: "rate_limit_error"), provider: "anthropic").kind == .rateLimit)
    }

    @Test func providerTableBeatsGenericWithinAStage() {
        // Generic says 403 is auth; OpenRouter's 403 is moderation.
        #expect(ErrorClassifier.standard.classify(ErrorReport(status: 403), provider: "anthropic").kind == .auth)
        #expect(ErrorClassifier.standard.classify(ErrorReport(status: 403), provider: "openrouter").kind == .other)
    }

    @Test func aProviderKeepsItsRulesWhenTheConfigChangesItsSettings() {
        var providers = ProviderRegistry.builtIn
        providers.merge(name: "openrouter", baseURL: "https://proxy.internal/openrouter", apiKeyEnv: "OR_KEY")
        providers.merge(name: "groq", baseURL: "https://groq.example/anthropic", apiKeyEnv: "GROQ_API_KEY")
        let classifier = ErrorClassifier(providers: providers)
        #expect(classifier.classify(ErrorReport(status: 403), provider: "openrouter").kind == .other)
        // A provider the config adds has no table of its own: the generic one decides.
        #expect(classifier.classify(ErrorReport(status: 403), provider: "groq").kind == .auth)
        #expect(ProviderRegistry.builtIn.names.allSatisfy { !(ProviderRegistry.builtIn[$0]?.classifierRules.isEmpty ?? true) })
    }

    @Test func theMatchingRuleIsNamed() {
        let result = ErrorClassifier.standard.classify(ErrorReport(status: 401, errorType: "authentication_error"), provider: "anthropic")
        #expect(result.rule == "anthropic: authentication_error")
        #expect(ErrorClassifier.standard.classify(ErrorReport(status: 418), provider: "anthropic").rule == "default")
    }

    @Test func matchingIgnoresCase() {
        #expect(ErrorClassifier.standard.classify(ErrorReport(errorType: "Authentication_Error"), provider: "x").kind == .auth)
        #expect(ErrorClassifier.standard.classify(ErrorReport(message: "CONNECTION REFUSED"), provider: "x").kind == .serverError)
    }
}
