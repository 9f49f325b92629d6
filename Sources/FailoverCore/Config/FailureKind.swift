/// Why an outcome failed, as the classifier sees it, plus the budget rule's own kind.
/// The raw values are written to the ledger and the exports: keep them stable.
public enum FailureKind: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case auth
    case quota
    case rateLimit = "rate_limit"
    case serverError = "server_error"
    case tokenBudget = "token_budget"
    /// Never moves a tier.
    case other

    /// Kinds an operator may list under `failover.triggers`.
    public static let triggerable: [FailureKind] = [.auth, .quota, .rateLimit, .serverError, .tokenBudget]

    public static func < (lhs: FailureKind, rhs: FailureKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
