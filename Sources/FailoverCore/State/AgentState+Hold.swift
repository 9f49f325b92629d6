/// The budget hold as the pages and exports show it (specs/token-budget.md, "The hold").
extension AgentState {
    /// Held by the token budget: running below tier 1 (whatever moved it there), while its type is
    /// over its enforced threshold (`usedTokens` over the window ending now), so no cooldown brings
    /// it back. The machine applies the same rule to a success after the cooldown (`afterSuccess`);
    /// this one answers at any moment, for the fleet page, the agent page and `status.json`.
    public func isHeldByBudget(type: AgentType, window: UsageWindow, usedTokens: Int) -> Bool {
        guard tier > 1, !paused, TokenBudget.isEnforced(type, window: window),
              let threshold = type.usageThresholdTokens else { return false }
        return TokenBudget.isExceeded(used: usedTokens, threshold: threshold)
    }

    /// Whether a hold is possible at all, before a window sum is worth taking.
    public func mayBeHeldByBudget(type: AgentType, window: UsageWindow) -> Bool {
        isHeldByBudget(type: type, window: window, usedTokens: .max)
    }
}
