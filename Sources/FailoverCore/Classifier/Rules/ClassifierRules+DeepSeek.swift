extension ClassifierRules {
    /// DeepSeek's error codes (api-docs.deepseek.com, "Error Codes"); its messages are stable, its types are not.
    public static let deepseek: [ClassifierRule] = [
        ClassifierRule(status: [401], .auth),                                           // Authentication Fails
        ClassifierRule(status: [402], .quota),                                          // Insufficient Balance
        ClassifierRule(status: [429], .rateLimit),                                      // Rate Limit Reached
        ClassifierRule(status: [500], .serverError),                                    // Server Error
        ClassifierRule(status: [503], .serverError),                                    // Server Overloaded
        ClassifierRule(status: [400, 422], .other),                                     // Invalid Format / Parameters
        ClassifierRule(message: ["insufficient balance"], .quota),
        ClassifierRule(message: ["server overloaded"], .serverError),
    ]
}
