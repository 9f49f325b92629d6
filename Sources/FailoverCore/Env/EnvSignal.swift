/// What a container has been told to run, as the store keeps it, and the rule that decides when it
/// must be recreated (specs/failover.md, "Env files").
///
/// A verb commits its state change and its env files, prints its `recreate` flags, then acknowledges
/// them. A process can die anywhere in that sequence, and the dispatcher may or may not have acted on
/// a flag it printed. So a flag is first committed as an outstanding `offer`, with the state change;
/// only the acknowledgement after printing turns it into what the container was `told`. While an offer
/// is outstanding the container may run either content, so every verb flags it again until one is
/// acknowledged: a repeated recreate, never a missed one.
public struct EnvSignal: Sendable, Hashable {
    /// The content last acknowledged as delivered.
    public var told: EnvTold
    /// The content of a flag committed and not yet acknowledged (printed, about to be, or lost with a
    /// killed process); nil when none is outstanding.
    public var offered: String?
    /// Counts this agent's offers, so an acknowledgement settles only the offer its own output made.
    public var serial: Int64

    public init(told: EnvTold, offered: String? = nil, serial: Int64 = 0) {
        self.told = told
        self.offered = offered
        self.serial = serial
    }

    /// An agent with no state yet: never told anything.
    public static let new = EnvSignal(told: .nothing)

    /// The decision for an env file whose wanted content has digest `digest`. `fileChanged` says
    /// whether this write changed the file on disk, which only matters for `.unknown`.
    public func deciding(digest: String, fileChanged: Bool, agent: AgentID) -> EnvDecision {
        let recreate: Bool
        if offered != nil {
            recreate = true
        } else {
            switch told {
            case .digest(let last): recreate = last != digest
            case .nothing: recreate = true
            // Written by an earlier version or restored from a backup: the container runs what the file
            // held before this write.
            case .unknown: recreate = fileChanged
            }
        }
        if recreate {
            let offer = EnvOffer(agent: agent, serial: serial &+ 1, digest: digest)
            return EnvDecision(recreate: true, next: EnvSignal(told: told, offered: digest, serial: offer.serial), offer: offer)
        }
        // Not flagged, and the file is what the container runs: the container is known to run it.
        let next = EnvSignal(told: .digest(digest), offered: nil, serial: serial)
        return EnvDecision(recreate: false, next: next == self ? nil : next, offer: nil)
    }

    /// After the output carrying `offer` was delivered: settles it when it is still the outstanding one.
    /// An older offer's late acknowledgement changes nothing; the newer offer's settles it.
    public func acknowledging(_ offer: EnvOffer) -> EnvSignal {
        guard offered != nil, serial == offer.serial else { return self }
        return EnvSignal(told: .digest(offer.digest), offered: nil, serial: serial)
    }
}

/// What a verb does about one container's env file.
public struct EnvDecision: Sendable, Hashable {
    /// Print `recreate: true` for it.
    public var recreate: Bool
    /// To save in the verb's transaction; nil when nothing changes.
    public var next: EnvSignal?
    /// To acknowledge once the output carrying the flag is printed.
    public var offer: EnvOffer?

    public init(recreate: Bool, next: EnvSignal?, offer: EnvOffer?) {
        self.recreate = recreate
        self.next = next
        self.offer = offer
    }
}

/// A committed `recreate` flag: the agent's container was offered the env file with `digest`.
public struct EnvOffer: Sendable, Hashable {
    public var agent: AgentID
    public var serial: Int64
    public var digest: String

    public init(agent: AgentID, serial: Int64, digest: String) {
        self.agent = agent
        self.serial = serial
        self.digest = digest
    }
}

/// The content a container was last known to run.
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
