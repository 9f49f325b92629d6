extension ClassifierRules {
    /// Anthropic's documented errors (docs.anthropic.com, "Errors").
    public static let anthropic: [ClassifierRule] = [
        ClassifierRule(type: "authentication_error", .auth),        // 401
        ClassifierRule(type: "permission_error", .auth),            // 403
        ClassifierRule(type: "billing_error", .quota),              // 402
        // 400 "Your credit balance is too low to access the Anthropic API."
        ClassifierRule(type: "invalid_request_error", message: ["credit balance is too low"], .quota),
        ClassifierRule(type: "rate_limit_error", .rateLimit),       // 429, may carry retry-after
        ClassifierRule(type: "api_error", .serverError),            // 500
        ClassifierRule(type: "timeout_error", .serverError),        // 504
        ClassifierRule(type: "overloaded_error", .serverError),     // 529, or mid-stream under 200
        ClassifierRule(type: "request_too_large", .other),          // 413
        ClassifierRule(type: "not_found_error", .other),            // 404
        ClassifierRule(status: [529], .serverError),
    ]
}
