extension ClassifierRules {
    /// Signals shared by Anthropic-compatible and OpenAI-compatible APIs; used for every provider
    /// after its own table, and alone for providers defined in the config.
    public static let generic: [ClassifierRule] = [
        // Error types: the most reliable signal.
        ClassifierRule(type: "authentication_error", .auth),
        ClassifierRule(type: "permission_error", .auth),
        ClassifierRule(type: "billing_error", .quota),
        ClassifierRule(type: "insufficient_quota", .quota),
        ClassifierRule(type: "invalid_request_error", message: quotaMessages, .quota),
        ClassifierRule(type: "rate_limit_error", .rateLimit),
        // An error event mid-stream arrives under status 200: the type is what counts.
        ClassifierRule(type: "overloaded_error", .serverError),
        ClassifierRule(type: "api_error", .serverError),
        ClassifierRule(type: "timeout_error", .serverError),
        ClassifierRule(type: "invalid_request_error", .other),
        ClassifierRule(type: "request_too_large", .other),
        ClassifierRule(type: "not_found_error", .other),
        ClassifierRule(type: "cancelled", .other),
        ClassifierRule(type: "canceled", .other),
        // Statuses.
        ClassifierRule(status: [401, 403], .auth),
        ClassifierRule(status: [402], .quota),
        ClassifierRule(status: [429], message: ["insufficient_quota", "exceeded your current quota"] + quotaMessages, .quota),
        ClassifierRule(status: [429], .rateLimit),
        ClassifierRule(status: [400], message: quotaMessages, .quota),
        ClassifierRule(status: Set([408]).union(500...599), .serverError),
        // Messages, when neither type nor status decided.
        ClassifierRule(message: quotaMessages, .quota),
        ClassifierRule(message: ["cancelled", "canceled"], .other),
        ClassifierRule(message: networkMessages, requiresNoStatus: true, .serverError),
    ]

    /// Wording providers use for an exhausted balance or plan.
    static let quotaMessages = ["credit balance is too low", "insufficient balance", "insufficient credits", "usage limit reached"]

    /// A transport failure: no HTTP response at all.
    static let networkMessages = [
        "connection refused", "connection reset", "econnrefused", "econnreset", "etimedout", "timed out", "timeout",
        "network is unreachable", "socket hang up", "broken pipe", "could not resolve host", "connection closed",
    ]
}
