/// What an outcome line said beyond its usage: the provider's answer (redacted and cut as the
/// parser left it), the Retry-After it resolved to, and the tier the line named. Kept beside the
/// usage row so `failover outcomes` can give the line back as `record` reads it.
public struct OutcomeDetails: Sendable, Hashable {
    public var status: Int?
    public var errorType: String?
    /// Redacted before it was cut to the parser's limit: it never holds a key.
    public var message: String?
    public var retryAfter: TimeSpan?
    /// The tier the line named, when it named one (the usage row's `tier` is where the task ran, named or not).
    public var statedTier: Int?

    public init(status: Int? = nil, errorType: String? = nil, message: String? = nil, retryAfter: TimeSpan? = nil, statedTier: Int? = nil) {
        self.status = status
        self.errorType = errorType
        self.message = message
        self.retryAfter = retryAfter
        self.statedTier = statedTier
    }

    /// The fields of a parsed outcome.
    public init(_ outcome: TaskOutcome) {
        self.init(statedTier: outcome.tier)
        if case .error(let report) = outcome.result {
            status = report.status
            errorType = report.errorType
            message = report.message
            retryAfter = report.retryAfter
        }
    }
}
