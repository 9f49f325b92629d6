import FailoverCore
@testable import FailoverStore
import GRDB
import Testing

/// `v11-flap-damping`: a database from before flap damping upgrades to one whose ledger replays to
/// its state table, as `failover verify` checks.
@Suite struct FlapMigrationTests {
    @Test func upgradingTakesEachRecoveryMomentFromTheLedgerAndReplaysClean() throws {
        let older = try OlderDatabase(upTo: "v9-events-by-kind")
        // (agent, tier now, events oldest first as (kind, at, from, to))
        let ledgers: [(String, Int, [(String, Int64, Int, Int)])] = [
            // Recovered and still on tier 1 since: the recovery is the moment flaps count from.
            ("recovered", 1, [("created", 0, 1, 1), ("step_down", 100, 1, 2), ("recovered", 1000, 2, 1), ("server_errors_cleared", 1100, 1, 1)]),
            // Recovered, then stepped again: no recovery stands.
            ("stepped", 2, [("created", 0, 1, 1), ("step_down", 100, 1, 2), ("recovered", 1000, 2, 1), ("step_down", 1200, 1, 2)]),
            // Recovered, then reset by the operator: none either.
            ("reset", 1, [("created", 0, 1, 1), ("step_down", 100, 1, 2), ("recovered", 1000, 2, 1), ("reset", 1300, 1, 1)]),
            ("fresh", 1, [("created", 0, 1, 1)]),
        ]
        try older.queue.write { db in
            for (agent, tier, events) in ledgers {
                try db.execute(sql: "INSERT INTO agent_provider_state (agent, tier, paused, updated_at, cooldown_until) VALUES (?, ?, 0, 0, ?)",
                               arguments: [agent, tier, tier > 1 ? 2100 : nil])
                for (kind, at, from, to) in events {
                    try db.execute(sql: """
                        INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak, cooldown_until)
                        VALUES (?, ?, ?, ?, ?, 'outcome', 0, 0, ?)
                        """, arguments: [agent, at, kind, from, to, kind == "step_down" ? (to == 2 && at == 1200 ? 2100 : at + 900) : nil])
                }
            }
            // The old rows' failure fields as the old machine left them.
            try db.execute(sql: "UPDATE agent_provider_state SET last_failure_at = 1200 WHERE agent = 'stepped'")
            try db.execute(sql: "UPDATE agent_provider_state SET last_failure_at = 100 WHERE agent = 'recovered'")
        }
        let store = try older.upgraded()
        let states = try store.read { try $0.states() }
        #expect(states["recovered"]?.recoveredAt == Timestamp(seconds: 1000))
        #expect(states["stepped"]?.recoveredAt == nil)
        #expect(states["reset"]?.recoveredAt == nil)
        #expect(states["fresh"]?.recoveredAt == nil)
        #expect(states.values.allSatisfy { $0.flapCount == 0 && $0.stepRetryAfter == nil })
        var events: [LedgerEvent] = []
        try store.read { try $0.forEachEvent { events.append($0) } }
        #expect(events.allSatisfy { $0.flapCount == 0 && $0.retryAfter == nil })
        let replayed = AgentState.replay(events)
        for agent in ["recovered", "stepped", "reset", "fresh"] {
            let id = AgentID(agent)
            #expect(replayed[id]?.recoveredAt == states[id]?.recoveredAt, "\(agent)")
            #expect(replayed[id]?.flapCount == states[id]?.flapCount, "\(agent)")
        }
    }
}
