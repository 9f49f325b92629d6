import FailoverCore

/// `failover verify`: replays the whole ledger and compares the result with the state table.
package enum LedgerVerifier {
    package struct Report: Sendable {
        package var agentsChecked: Int
        package var eventsReplayed: Int
        /// One line per difference; empty when the ledger and the state table agree.
        package var differences: [String]
    }

    package static func verify(_ reader: any StoreSnapshot) throws -> Report {
        var replay = LedgerReplay()
        try reader.forEachEvent { replay.add($0) }
        let replayed = replay.states
        let count = replay.eventCount
        let stored = try reader.states()
        var differences: [String] = []
        for agent in Set(replayed.keys).union(stored.keys).sorted() {
            switch (stored[agent], replayed[agent]) {
            case (let state?, let fromLedger?):
                differences += state.differences(from: fromLedger).map { "\(agent): \($0) (state table vs ledger)" }
            case (_?, nil):
                differences.append("\(agent): in the state table but has no ledger events")
            case (nil, _?):
                differences.append("\(agent): has ledger events but no state row")
            case (nil, nil):
                break
            }
        }
        return Report(agentsChecked: Set(replayed.keys).union(stored.keys).count, eventsReplayed: count, differences: differences)
    }
}
