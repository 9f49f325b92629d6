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

    /// What the operator should hear when a control entry asks for something the machine will not
    /// do: `paused: false` on an exhausted instance, which only a reset lifts. Nil when the entry
    /// does what it says.
    public func controlNote(_ control: ControlEntry?, at now: Timestamp) -> String? {
        guard control?.paused == false, pauseReason == .exhausted else { return nil }
        return "control.\(agent).paused: false does not lift a pause at the end of the chain (every tier failed); "
            + "to bring \(agent) back to tier 1, set control.\(agent).reset to a new value, e.g. reset: \"\(now)\""
    }
}
