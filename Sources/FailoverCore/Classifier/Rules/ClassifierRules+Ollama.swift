extension ClassifierRules {
    /// A local Ollama server: it fails by being unreachable or overloaded, rarely with an API error.
    public static let ollama: [ClassifierRule] = [
        // "model 'x' not found, try pulling it first": an operator's fix, not a provider outage.
        ClassifierRule(status: [404], .other),
        ClassifierRule(status: [500, 502, 503], .serverError),
        ClassifierRule(message: ["connection refused", "econnrefused", "could not connect"], requiresNoStatus: true, .serverError),
    ]
}
