/// What each container was last told to run: the digest of the env file content in the last plan
/// or record output that flagged it for recreation and was delivered. `cycle` flags a container
/// exactly when its env file's wanted content differs from this, so a signal lost to a crash is
/// given again, whenever and wherever the crash came.
public enum EnvTold: Sendable, Hashable {
    /// A row an earlier version wrote, or a restored backup's: the container is taken to run what its
    /// env file holds.
    case unknown
    /// Never told anything: its first env file needs a container.
    case nothing
    case digest(String)

    /// As stored: NULL, empty, or the digest.
    public init(column: String?) {
        switch column {
        case nil: self = .unknown
        case ""?: self = .nothing
        case let digest?: self = .digest(digest)
        }
    }

    public var column: String? {
        switch self {
        case .unknown: nil
        case .nothing: ""
        case .digest(let digest): digest
        }
    }
}

/// A delivered signal: the agent was told `digest`, having been at `previous` when it was decided.
public struct EnvDelivery: Sendable, Hashable {
    public var agent: AgentID
    public var previous: EnvTold
    public var digest: String

    public init(agent: AgentID, previous: EnvTold, digest: String) {
        self.agent = agent
        self.previous = previous
        self.digest = digest
    }
}
