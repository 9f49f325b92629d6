import FailoverCore

/// What the outage step of one `record` batch knows of recent departures: read from the ledger once,
/// on the batch's first piece of evidence, then kept up to date with the batch's own events, so a
/// storm of a thousand failures reads the ledger once rather than a thousand times.
struct OutageEvidence {
    /// The earliest moment any evidence can matter: one cooldown before the batch's oldest outcome.
    private let since: Timestamp?
    private let watched: Set<AgentTypeName>
    private var events: [LedgerEvent]?

    init(_ accepted: [ParsedOutcome]) {
        var since: Timestamp?
        var watched: Set<AgentTypeName> = []
        for parsed in accepted where parsed.type.failover.outageAfter != nil {
            watched.insert(parsed.type.name)
            let from = parsed.outcome.at - parsed.type.failover.cooldown
            since = min(since ?? from, from)
        }
        self.since = since
        self.watched = watched
    }

    /// Whether any evidence for `type` can set off the rule (its type has `outage_after`).
    func watches(_ type: AgentType) -> Bool { watched.contains(type.name) }

    /// The departures so far, `trigger` (just appended) included.
    mutating func evidence(in snapshot: any StoreSnapshot, adding trigger: LedgerEvent) throws -> [LedgerEvent] {
        guard events != nil else {
            // The read sees this transaction's writes, `trigger` among them.
            let read = try snapshot.events(EventQuery(since: since, kinds: [.stepDown, .exhaustedPause, .exhaustedWrap])).filter(OutageRule.isEvidence)
            events = read
            return read
        }
        // Appended in place: the caller let go of the last answer, so a storm does not copy the list.
        events?.append(trigger)
        return events ?? []
    }
}
