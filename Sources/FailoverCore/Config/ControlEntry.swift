/// An operator's instruction for one agent, read from `control:` on every cycle.
public struct ControlEntry: Sendable, Hashable {
    /// A level: while set, the agent is held in this paused state.
    public var paused: Bool?
    /// An edge: each value not applied before resets the agent once.
    public var reset: String?

    public init(paused: Bool? = nil, reset: String? = nil) {
        self.paused = paused
        self.reset = reset
    }
}
