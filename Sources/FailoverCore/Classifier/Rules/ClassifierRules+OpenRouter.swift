extension ClassifierRules {
    /// OpenRouter's errors (openrouter.ai/docs, "Errors").
    public static let openrouter: [ClassifierRule] = [
        // 403 is moderation ("your input was flagged"): the request, not the key, is at fault.
        ClassifierRule(type: "permission_error", message: ["moderation", "flagged"], .other),
        ClassifierRule(status: [401], .auth),                                           // invalid or disabled key
        ClassifierRule(status: [402], .quota),                                          // insufficient credits
        ClassifierRule(status: [403], .other),
        ClassifierRule(status: [408], .serverError),                                    // request timed out
        ClassifierRule(status: [429], .rateLimit),
        ClassifierRule(status: [502, 503], .serverError),                               // model down / no provider available
    ]
}
