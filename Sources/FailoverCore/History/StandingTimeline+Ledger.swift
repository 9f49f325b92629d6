extension StandingTimeline {
    /// One instance's timeline from `start`, from its ledger events (any order; the store returns
    /// them newest first): the last event stamped before `start` says where it stood then (none: it did
    /// not exist yet), and every later switch or `created` event is a change. Bookkeeping events
    /// (counted 5xx) move nothing and are skipped.
    public init(agent: AgentID, events: [LedgerEvent], start: Timestamp) {
        let own = events.filter { $0.agent == agent && ($0.kind.isSwitch || $0.kind == .created) }
            .sorted { ($0.id ?? 0, $0.at) < ($1.id ?? 0, $1.at) }
        let before = own.lastIndex { $0.at < start }
        self.init(
            start: start,
            initial: before.map { Standing(tier: own[$0].toTier, paused: own[$0].paused) },
            changes: own[(before.map { $0 + 1 } ?? 0)...].map { StandingChange(agent: agent, at: $0.at, tier: $0.toTier, paused: $0.paused) }
        )
    }
}
