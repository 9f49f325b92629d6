/// The token budget rule (specs/token-budget.md).
public enum TokenBudget {
    /// Whether the rule may step this type's instances down: it has a threshold, `token_budget` is a
    /// trigger, the window is not `all`, and there is a tier to step to.
    public static func isEnforced(_ type: AgentType, window: UsageWindow) -> Bool {
        type.usageThresholdTokens != nil && type.failover.triggers.contains(.tokenBudget) && window.span != nil && type.chain.count > 1
    }

    /// Strictly above: a type may use exactly its threshold.
    public static func isExceeded(used: Int, threshold: Int) -> Bool { used > threshold }

    /// `usage=2100000/2000000`, as logged and written to the ledger.
    public static func describe(used: Int, threshold: Int) -> String { "usage=\(used)/\(threshold)" }

    /// used / threshold, for the site's rings.
    public static func ratio(used: Int, threshold: Int) -> Double {
        threshold > 0 ? Double(used) / Double(threshold) : 0
    }
}
