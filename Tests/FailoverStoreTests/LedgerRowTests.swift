import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import Testing

/// Every value a ledger row or state row can hold reads back as itself, and a value this version
/// does not know is an error naming the row, never silently another value.
@Suite struct LedgerRowTests {
    @Test func everyKindSourceAndFailureRoundTrips() throws {
        let fixture = try TemporaryStore()
        var written: [LedgerEvent] = []
        for (index, kind) in EventKind.allCases.enumerated() {
            let failure = FailureKind.allCases[index % FailureKind.allCases.count]
            let source = EventSource.allCases[index % EventSource.allCases.count]
            written.append(LedgerEvent(agent: AgentID("a-\(index)"), at: t0 + .minutes(index), kind: kind, fromTier: 1, toTier: 2, failureKind: failure,
                                       provider: "p", model: "m", source: source, detail: "d", paused: index % 2 == 0,
                                       cooldownUntil: index % 3 == 0 ? nil : t0, serverErrorStreak: index, resetToken: index % 2 == 0 ? "r" : nil))
        }
        for failure in FailureKind.allCases {
            written.append(LedgerEvent(agent: "f", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, failureKind: failure, source: .outcome))
        }
        let ids = try fixture.store.write { transaction in try written.map { try transaction.append($0) } }
        let read = try fixture.store.read { try $0.events() }.reversed()
        #expect(Array(read) == zip(written, ids).map { event, id in var event = event; event.id = id; return event })
        for failure in FailureKind.allCases {
            let state = AgentState(agent: AgentID("s-\(failure.rawValue)"), tier: 2, lastFailureKind: failure, lastFailureAt: t0)
            try fixture.store.write { try $0.save(state, at: t0) }
            #expect(try fixture.store.read { try $0.states() }[state.agent] == state)
        }
    }

    @Test(arguments: [
        ("kind", "teleported", "holds an unknown event kind \"teleported\""),
        ("source", "oracle", "holds an unknown source \"oracle\""),
        ("failure_kind", "cosmic_ray", "holds an unknown failure kind \"cosmic_ray\""),
    ])
    func anUnknownValueIsAnErrorNotAGuess(column: String, value: String, message: String) throws {
        let fixture = try TemporaryStore()
        try fixture.store.write { try $0.append(LedgerEvent(agent: "coder-1", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, failureKind: .auth, source: .outcome)) }
        try fixture.store.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER agent_provider_events_append_only_update")
            try db.execute(sql: "UPDATE agent_provider_events SET \(column) = ?", arguments: [value])
        }
        #expect {
            try fixture.store.read { try $0.events() }
        } throws: { error in
            guard let error = error as? StoreError, case .unreadableRow = error else { return false }
            return error.isUserError && "\(error)".contains(message) && "\(error)".contains("row 1")
        }
    }
}
