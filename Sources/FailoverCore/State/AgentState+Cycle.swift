/// The whole per-cycle step of `cycle` for one configured instance (specs/failover.md): open it
/// (create it the first time, or take its stored state), bring it inside an edited chain, then apply
/// the operator's control entry. Pure; `CycleRunner` only stores what this returns.
extension AgentState {
    public static func cycling(stored: AgentState?, agent: AgentID, type: AgentType, control: ControlEntry?, at now: Timestamp) -> Transition {
        let opened = opening(stored: stored, agent: agent, type: type, at: now)
        guard let control else { return opened }
        return opened.then { $0.applying(.control(control), type: type, at: now) }
    }

    /// An instance as a step finds it: stored or new, and never beyond its (possibly edited) chain.
    public static func opening(stored: AgentState?, agent: AgentID, type: AgentType, at now: Timestamp) -> Transition {
        AgentState.stored(stored, agent: agent, type: type, at: now).then { $0.applying(.reconcile, type: type, at: now) }
    }
}
