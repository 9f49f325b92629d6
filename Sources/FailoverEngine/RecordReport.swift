import FailoverCore

/// What `failover record` did with each accepted line.
package struct RecordResult: Sendable {
    package var line: Int
    package var agent: AgentID
    /// `success`, or the classified failure kind.
    package var kind: OutcomeKind
    /// The tier changed, or the agent was paused.
    package var moved: Bool
    package var fromTier: Int
    package var toTier: Int
    package var paused: Bool
    package var dispatchable: Bool
    /// Set on the agent's last line in the batch when its env file changed.
    package var recreate: Bool
    /// `used/threshold` tokens over the usage window, when the type has a budget.
    package var usage: String?
    /// Why the outcome moved nothing, when it did not: paused, late, single_entry_chain, ...
    package var ignored: Transition.Ignored?
    /// The ledger events this line caused.
    package var events: [EventKind]
    /// `outcome` for the line's own agent; `outage` for another instance of its type that the
    /// line's failure moved with the outage step (same `line`, no usage of its own).
    package var source: EventSource = .outcome
    /// The dispatcher host that runs the agent, when the config places instances on hosts and the
    /// verb was told its own (`--host`): a result on another host's agent is that host's to act on.
    package var host: HostName?
}

extension RecordResult {
    /// One line of `record --json` (specs/failover.md).
    package var json: JSONValue {
        .object([
            "line": .integer(line),
            "agent": .name(agent),
            "kind": .string(kind.rawValue),
            "moved": .bool(moved),
            "from_tier": .integer(fromTier),
            "to_tier": .integer(toTier),
            "paused": .bool(paused),
            "dispatchable": .bool(dispatchable),
            "recreate": .bool(recreate),
            "usage": .optional(usage),
            "ignored": .optional(ignored?.rawValue),
            "events": .array(events.map { .string($0.rawValue) }),
            "source": .string(source.rawValue),
            "host": .optional(host?.rawValue),
        ])
    }
}

package struct RecordReport: Sendable {
    package var results: [RecordResult]
    package var rejected: [RejectedLine]
    /// Every ledger event the batch wrote, in order.
    package var events: [LedgerEvent]
    /// Env-file problems (a missing key variable, say).
    package var warnings: [String]
    /// What to record once the report is printed (`RecordRunner.delivered`); not part of the output.
    package var offers: [EnvOffer] = []

    /// The results of the accepted lines themselves, without the outage step's followers.
    package var outcomes: [RecordResult] { results.filter { $0.source == .outcome } }

    /// Agents whose containers must be recreated.
    package var recreate: [AgentID] { results.filter(\.recreate).map(\.agent) }
}
