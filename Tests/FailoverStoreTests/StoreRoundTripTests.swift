import FailoverCore
import FailoverStore
import Testing

@Suite struct StoreRoundTripTests {
    @Test func statesRoundTripEveryField() throws {
        let fixture = try TemporaryStore()
        let state = AgentState(agent: "coder-1", tier: 3, paused: true, cooldownUntil: t0 + .minutes(15), lastFailureKind: .tokenBudget,
                               lastFailureAt: t0, serverErrorStreak: 2, lastResetToken: "r1")
        try fixture.store.write { try $0.save(state, at: t0) }
        #expect(try fixture.store.read { try $0.states() }["coder-1"] == state)
        var changed = state
        changed.tier = 1
        changed.cooldownUntil = nil
        try fixture.store.write { try $0.save(changed, at: t0) }
        #expect(try fixture.store.read { try $0.states() }["coder-1"] == changed)
    }

    @Test func eventsRoundTripAndFilter() throws {
        let fixture = try TemporaryStore()
        let first = LedgerEvent(agent: "coder-1", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, failureKind: .auth, provider: "deepseek",
                                model: "deepseek-chat", source: .outcome, detail: "401", paused: false, cooldownUntil: t0 + .minutes(15))
        let second = LedgerEvent(agent: "coder-2", at: t0 + .hours(1), kind: .reset, fromTier: 2, toTier: 1, source: .config, resetToken: "r")
        let ids = try fixture.store.write { transaction in
            try transaction.save(AgentState(agent: "coder-1", tier: 2), at: t0)
            try transaction.save(AgentState(agent: "coder-2"), at: t0)
            return [try transaction.append(first), try transaction.append(second)]
        }
        try fixture.store.read { reader in
            let all = try reader.events()
            #expect(all.map(\.id) == [ids[1], ids[0]])
            var expected = first
            expected.id = ids[0]
            #expect(all[1] == expected)
            #expect(try reader.events(agent: "coder-1").count == 1)
            #expect(try reader.events(since: t0 + .minutes(30)).map(\.agent) == ["coder-2"])
            #expect(try reader.events(limit: 1).map(\.agent) == ["coder-2"])
            #expect(try reader.events(kinds: [.stepDown]).map(\.agent) == ["coder-1"])
            #expect(try reader.latestEvents().mapValues(\.kind) == ["coder-1": .stepDown, "coder-2": .reset])
            #expect(try reader.eventDays().map(\.day) == ["2026-11-24"])
            #expect(try reader.lastEventIDs() == ["coder-1": ids[0], "coder-2": ids[1]])
        }
    }
}
