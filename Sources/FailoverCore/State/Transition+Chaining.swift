extension Transition {
    /// This transition followed by `next`, applied to the state it left: the events of both in order,
    /// and the later step's reason for changing nothing.
    public func then(_ next: (AgentState) -> Transition) -> Transition {
        let following = next(state)
        return Transition(state: following.state, events: events + following.events, ignored: following.ignored)
    }
}
