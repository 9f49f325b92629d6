import FailoverCore
import FailoverPostgres
import FailoverStore
import Foundation
import Testing
import TestSupport

/// The store ports' contract (FailoverCore's `Store`), checked against every implementation through
/// the protocols alone: SQLite, and PostgreSQL on the test process's own server (`PostgresCluster`),
/// a database per test. Where that server cannot start, every PostgreSQL case fails saying why.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty store of this kind, and how to throw it away.
    func make() throws -> OpenedStore {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
            return OpenedStore(store: try SQLiteStore(path: folder.appendingPathComponent("failover.sqlite").path)) {
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            let cluster = try PostgresCluster.shared()
            let database = try cluster.createDatabase()
            let address = try PostgresAddress.parse(cluster.socketURL(database)).get()
            // Not dropped here: tests keep only the store, and the database must outlive this holder.
            // The whole cluster goes when the test process exits.
            return OpenedStore(store: try PostgresStore(address: address, password: nil)) {}
        }
    }
}

final class OpenedStore {
    let store: any Store
    private let cleanup: () -> Void

    init(store: any Store, cleanup: @escaping () -> Void) {
        self.store = store
        self.cleanup = cleanup
    }

    deinit { cleanup() }
}

@Suite struct StoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func statesRoundTripEveryField(_ kind: StoreKind) throws {
        let store = try kind.make().store
        let state = AgentState(agent: "coder-1", tier: 3, paused: true, cooldownUntil: t0 + .minutes(15), lastFailureKind: .tokenBudget,
                               lastFailureAt: t0, serverErrorStreak: 2, lastResetToken: "r1",
                               flapCount: 3, recoveredAt: t0 - .minutes(5), stepRetryAfter: .hours(2))
        try store.write { try $0.save(state, at: t0) }
        #expect(try store.read { try $0.states() }["coder-1"] == state)
        var changed = state
        changed.tier = 1
        changed.cooldownUntil = nil
        changed.flapCount = 0
        changed.recoveredAt = nil
        changed.stepRetryAfter = nil
        try store.write { try $0.save(changed, at: t0) }
        #expect(try store.read { try $0.states() }["coder-1"] == changed)
    }

    /// What replay needs of a step under flap damping: its flap count and the Retry-After it took.
    @Test(arguments: StoreKind.allCases)
    func eventsKeepTheFlapCountAndRetryAfter(_ kind: StoreKind) throws {
        let store = try kind.make().store
        let step = LedgerEvent(agent: "coder-1", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, failureKind: .rateLimit, source: .outcome,
                               cooldownUntil: t0 + .hours(2), flapCount: 2, retryAfter: .hours(2))
        let plain = LedgerEvent(agent: "coder-1", at: t0 + .hours(2), kind: .recovered, fromTier: 2, toTier: 1, source: .outcome, flapCount: 2)
        try store.write { transaction in
            try transaction.append(step)
            try transaction.append(plain)
        }
        let read = try store.read { try $0.events(EventQuery(agent: "coder-1")) }.sorted { $0.at < $1.at }
        #expect(read.map(\.flapCount) == [2, 2])
        #expect(read.map(\.retryAfter) == [.hours(2), nil])
    }

    @Test(arguments: StoreKind.allCases)
    func eventsComeBackInOrderAndFilter(_ kind: StoreKind) throws {
        let store = try kind.make().store
        let first = LedgerEvent(agent: "coder-1", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, failureKind: .auth, provider: "deepseek",
                                model: "deepseek-chat", source: .outcome, detail: "401", paused: false, cooldownUntil: t0 + .minutes(15))
        let second = LedgerEvent(agent: "coder-2", at: t0 + .hours(1), kind: .reset, fromTier: 2, toTier: 1, source: .config, resetToken: "r")
        let third = LedgerEvent(agent: "coder-1", at: t0 + .days(1), kind: .recovered, fromTier: 2, toTier: 1, source: .outcome)
        let ids = try store.write { transaction in
            try transaction.save(AgentState(agent: "coder-1", tier: 2), at: t0)
            try transaction.save(AgentState(agent: "coder-2"), at: t0)
            return [try transaction.append(first), try transaction.append(second), try transaction.append(third)]
        }
        #expect(ids == ids.sorted() && Set(ids).count == 3, "ids grow in ledger order")
        try store.read { (snapshot: any StoreSnapshot) throws in
            let all = try snapshot.events(.all)
            #expect(all.map(\.id) == ids.reversed(), "newest first")
            var expected = first
            expected.id = ids[0]
            #expect(all.last == expected)
            #expect(try snapshot.events(agent: "coder-1").map(\.id) == [ids[2], ids[0]])
            #expect(try snapshot.events(since: t0 + .minutes(30)).map(\.id) == [ids[2], ids[1]])
            #expect(try snapshot.events(until: t0 + .minutes(30)).map(\.id) == [ids[0]])
            #expect(try snapshot.events(limit: 1).map(\.id) == [ids[2]])
            #expect(try snapshot.events(kinds: [.stepDown, .reset]).map(\.id) == [ids[1], ids[0]])
            var replayed: [Int64?] = []
            try snapshot.forEachEvent { replayed.append($0.id) }
            #expect(replayed == ids, "ledger order")
            #expect(try snapshot.eventCount() == 3)
            #expect(try snapshot.latestEvents().mapValues(\.kind) == ["coder-1": .recovered, "coder-2": .reset])
            #expect(try snapshot.lastEventIDs() == ["coder-1": ids[2], "coder-2": ids[1]])
            #expect(try snapshot.eventDays() == [EventDay(day: "2026-11-25", count: 1, lastID: ids[2]), EventDay(day: "2026-11-24", count: 2, lastID: ids[1])])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func eventCountsByKindFollowTheLedgerAndIgnoreRolledBackWrites(_ kind: StoreKind) throws {
        struct Boom: Error {}
        let store = try kind.make().store
        #expect(try store.read { try $0.eventCountsByKind() }.isEmpty, "an empty ledger counts nothing")
        try store.write { transaction in
            try transaction.append(LedgerEvent(agent: "coder-1", at: t0, kind: .created, fromTier: 1, toTier: 1, source: .config))
            try transaction.append(LedgerEvent(agent: "coder-2", at: t0, kind: .created, fromTier: 1, toTier: 1, source: .config))
            try transaction.append(LedgerEvent(agent: "coder-1", at: t0 + .days(1), kind: .stepDown, fromTier: 1, toTier: 2, failureKind: .auth, source: .outcome))
        }
        #expect(throws: Boom.self) {
            try store.write { (transaction: any StoreTransaction) throws in
                try transaction.append(LedgerEvent(agent: "coder-1", at: t0, kind: .recovered, fromTier: 2, toTier: 1, source: .outcome))
                try transaction.append(LedgerEvent(agent: "coder-1", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, source: .outcome))
                throw Boom()
            }
        }
        try store.write { transaction in
            try transaction.append(LedgerEvent(agent: "coder-1", at: t0 + .days(2), kind: .stepDown, fromTier: 2, toTier: 3, failureKind: .quota, source: .outcome))
            // Inside the transaction the counts already include its own append.
            #expect(try transaction.snapshot.eventCountsByKind() == [.created: 2, .stepDown: 2])
        }
        try store.read { (snapshot: any StoreSnapshot) throws in
            let counts = try snapshot.eventCountsByKind()
            #expect(counts == [.created: 2, .stepDown: 2])
            #expect(counts.values.reduce(0, +) == (try snapshot.eventCount()), "the kinds add up to the ledger")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedWriteLeavesNothingBehind(_ kind: StoreKind) throws {
        struct Boom: Error {}
        let store = try kind.make().store
        #expect(throws: Boom.self) {
            try store.write { (transaction: any StoreTransaction) throws in
                try transaction.save(AgentState(agent: "a", tier: 2), at: t0)
                try transaction.append(LedgerEvent(agent: "a", at: t0, kind: .created, fromTier: 1, toTier: 1, source: .config))
                try transaction.record(usage("a", at: t0, tokens: 10))
                throw Boom()
            }
        }
        try store.read { (snapshot: any StoreSnapshot) throws in
            #expect(try snapshot.states().isEmpty)
            #expect(try snapshot.eventCount() == 0)
            #expect(try snapshot.usageRowCount() == 0)
            #expect(try snapshot.eventDays().isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTransactionReadsItsOwnWrites(_ kind: StoreKind) throws {
        let store = try kind.make().store
        try store.write { (transaction: any StoreTransaction) throws in
            try transaction.save(AgentState(agent: "a", tier: 2), at: t0)
            let id = try transaction.append(LedgerEvent(agent: "a", at: t0, kind: .stepDown, fromTier: 1, toTier: 2, source: .outcome))
            try transaction.record(usage("a", at: t0, tokens: 10))
            #expect(try transaction.snapshot.states()["a"]?.tier == 2)
            #expect(try transaction.snapshot.events(.all).map(\.id) == [id])
            #expect(try transaction.snapshot.typeUsage("coder", after: t0 - .hours(1), through: t0).tokens == 11)
            #expect(try transaction.typeTokens("coder", window: .hours(1), endingAt: t0) == 11)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOfferIsSettledOnlyByItsOwnAcknowledgement(_ kind: StoreKind) throws {
        let store = try kind.make().store
        try store.write { try $0.save(AgentState(agent: "a"), at: t0) }
        #expect(try store.read { try $0.envSignals() } == ["a": .new], "a new row was told nothing")
        try store.write { try $0.saveSignal(EnvSignal(told: .nothing, offered: "d1", serial: 1), of: "a") }
        #expect(try store.read { try $0.envSignal(of: "a") } == EnvSignal(told: .nothing, offered: "d1", serial: 1))
        // A later verb offered d2 before the first output was acknowledged: the late acknowledgement of
        // the first changes nothing, the second's settles.
        try store.write { try $0.saveSignal(EnvSignal(told: .nothing, offered: "d2", serial: 2), of: "a") }
        try store.acknowledge([EnvOffer(agent: "a", serial: 1, digest: "d1")])
        #expect(try store.read { try $0.envSignal(of: "a") } == EnvSignal(told: .nothing, offered: "d2", serial: 2))
        try store.acknowledge([EnvOffer(agent: "a", serial: 2, digest: "d2")])
        #expect(try store.read { try $0.envSignal(of: "a") } == EnvSignal(told: .digest("d2"), serial: 2))
        try store.acknowledge([EnvOffer(agent: "a", serial: 2, digest: "d2"), EnvOffer(agent: "a", serial: 1, digest: "d1")])
        #expect(try store.read { try $0.envSignal(of: "a") } == EnvSignal(told: .digest("d2"), serial: 2), "acknowledged twice: no change")
        try store.write { try $0.save(AgentState(agent: "a", tier: 2), at: t0) }
        #expect(try store.read { try $0.envSignals() } == ["a": EnvSignal(told: .digest("d2"), serial: 2)], "saving state keeps the signal")
        #expect(try store.read { try $0.envSignal(of: "nobody") } == .new)
        #expect(throws: (any Error).self, "a signal needs the agent's state row") {
            try store.write { try $0.saveSignal(.new, of: "nobody") }
        }
    }

    /// Reads from many threads at once, bounded by the id a snapshot saw, return what that snapshot
    /// read, however much is appended meanwhile.
    @Test(arguments: StoreKind.allCases)
    func ledgerReadersAgreeWithTheSnapshotTheyAreBoundedBy(_ kind: StoreKind) throws {
        // Kept: the readers open the store's file again, which must still be there.
        let opened = try kind.make()
        defer { withExtendedLifetime(opened) {} }
        let store = opened.store
        @Sendable func append(_ count: Int, from start: Int) throws {
            try store.write { transaction in
                for index in start..<start + count {
                    try transaction.append(LedgerEvent(agent: ["a", "b", "c"][index % 3], at: t0 + .minutes(index), kind: .stepDown, fromTier: 1, toTier: 2, source: .outcome, detail: "\(index)"))
                }
            }
        }
        try append(300, from: 0)
        let (seen, lastID) = try store.read { reader in
            (try reader.events(agent: "b", limit: 50), try reader.eventDays().first!.lastID)
        }
        let readers = try store.ledgerReaders()
        let results = LockedBox<[[LedgerEvent]]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            if index == 0 { try? append(200, from: 300) }
            let events = try? readers.events(EventQuery(agent: "b", limit: 50, throughID: lastID))
            results.withLockedValue { $0.append(events ?? []) }
        }
        #expect(results.withLockedValue { $0 }.allSatisfy { $0 == seen })
        #expect(try readers.events(EventQuery(since: t0, until: t0 + .minutes(60), throughID: lastID)).map(\.detail) == (0..<60).reversed().map { "\($0)" })
        #expect(try readers.events(EventQuery(agent: "b", limit: 1)).first?.detail == "499", "unbounded: the newest")
    }

    /// Random rows, random windows: every sum equals brute force.
    @Test(arguments: StoreKind.allCases.flatMap { kind in (0..<4).map { (kind, UInt64($0)) } })
    func windowSumsAreExact(_ kind: StoreKind, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let store = try kind.make().store
        var rows: [UsageEntry] = []
        try store.write { (transaction: any StoreTransaction) throws in
            for _ in 0..<800 {
                let entry = usage(["a", "b", "c"].randomElement(using: &rng)!, type: ["coder", "reviewer"].randomElement(using: &rng)!,
                                  at: t0 + TimeSpan(seconds: Int.random(in: 0...(3 * 86_400), using: &rng)),
                                  tokens: Int.random(in: 0...5000, using: &rng), outcome: Bool.random(using: &rng) ? .success : .failure(.auth))
                rows.append(entry)
                try transaction.record(entry)
            }
        }
        try store.read { (snapshot: any StoreSnapshot) throws in
            #expect(try snapshot.usageRowCount() == rows.count)
            for _ in 0..<60 {
                let through = t0 + TimeSpan(seconds: Int.random(in: 0...(3 * 86_400), using: &rng))
                let after = through - TimeSpan(seconds: Int.random(in: 1...(2 * 86_400), using: &rng))
                let inside = rows.filter { $0.at > after && $0.at <= through }
                let coder = inside.filter { $0.agentType == "coder" }
                let totals = try snapshot.typeUsage("coder", after: after, through: through)
                #expect(totals.tokens == coder.reduce(0) { $0 + $1.inputTokens + $1.outputTokens })
                #expect(totals.tasks == coder.count)
                #expect(totals.failures == coder.filter { $0.outcome.isFailure }.count)
                let byAgent = try snapshot.agentUsage(after: after, through: through)
                for agent: AgentID in ["a", "b", "c"] {
                    let expected = inside.filter { $0.agent == agent }.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
                    #expect((byAgent[agent]?.tokens ?? 0) == expected)
                }
            }
        }
    }

    /// Within one transaction, the budget sum agrees with brute force after every insert, including
    /// rows that arrive out of order (hours late, or ahead of the end the sum is asked at), ends that
    /// move back, and steps short and long.
    @Test(arguments: StoreKind.allCases.flatMap { kind in (0..<8).map { (kind, UInt64($0)) } })
    func theBudgetSumIsExactAfterEveryInsert(_ kind: StoreKind, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let store = try kind.make().store
        var rows: [UsageEntry] = []
        let window = TimeSpan.hours(2)
        try store.write { (transaction: any StoreTransaction) throws in
            for _ in 0..<300 {
                let entry = usage("a", at: t0 - TimeSpan(seconds: Int.random(in: 0...(4 * 3600), using: &rng)), tokens: Int.random(in: 1...100, using: &rng))
                rows.append(entry)
                try transaction.record(entry)
            }
        }
        try store.write { (transaction: any StoreTransaction) throws in
            var now = t0
            for _ in 0..<400 {
                now = now + TimeSpan(seconds: Int.random(in: 0..<10, using: &rng) == 0 ? Int.random(in: 0...2400, using: &rng) : Int.random(in: 0...120, using: &rng))
                let jitter = switch Int.random(in: 0..<10, using: &rng) {
                case 0: -Int.random(in: 0...9000, using: &rng)
                case 1: Int.random(in: 1...2400, using: &rng)
                case 2: -7200 + Int.random(in: -400...400, using: &rng)  // at the window's far edge
                default: 0
                }
                let entry = usage("a", at: now + TimeSpan(seconds: jitter), tokens: Int.random(in: 1...100, using: &rng))
                rows.append(entry)
                try transaction.record(entry)
                let checkAt = Int.random(in: 0..<20, using: &rng) == 0 ? now - .minutes(50) : now
                let expected = rows.filter { $0.at > checkAt - window && $0.at <= checkAt }.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
                #expect(try transaction.typeTokens("coder", window: window, endingAt: checkAt) == expected)
            }
        }
    }
}

/// The history rollup the store keeps for the live pages agrees, to the second, with the history
/// computed from each instance's own ledger events.
@Suite struct StandingRollupConformanceTests {
    @Test(arguments: StoreKind.allCases.flatMap { kind in (0..<6).map { (kind, UInt64($0)) } })
    func typeHistoryEqualsTheSumOfItsInstances(_ kind: StoreKind, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let store = try kind.make().store
        let types = [AgentType(name: "coder", instances: ["c1", "c2", "c3"], chain: Self.chain(3)),
                     AgentType(name: "reviewer", instances: ["r1", "r2"], chain: Self.chain(2))]
        var states: [AgentID: AgentState] = [:]
        var now = t0 - .days(35)
        try store.write { (transaction: any StoreTransaction) throws in
            for _ in 0..<600 {
                now = now + TimeSpan(seconds: Int.random(in: 0...(Int.random(in: 0..<8, using: &rng) == 0 ? 86_400 : 2400), using: &rng))
                let type = types.randomElement(using: &rng)!
                let agent = type.instances.randomElement(using: &rng)!
                var transitions: [Transition] = []
                if states[agent] == nil { transitions.append(AgentState.created(agent: agent, type: type, at: now)) }
                let state = transitions.last?.state ?? states[agent]!
                let input: FailoverInput = switch Int.random(in: 0..<10, using: &rng) {
                case 0: .control(ControlEntry(paused: !state.paused))
                case 1: .control(ControlEntry(reset: "r\(rng.next() % 1000)"))
                case 2..<5: .success(tier: nil)
                default: .failure([.auth, .quota, .rateLimit].randomElement(using: &rng)!, tier: nil, detail: "x")
                }
                transitions.append(state.applying(input, type: type, at: now))
                states[agent] = transitions.last!.state
                for event in transitions.flatMap(\.events) { try transaction.append(event) }
            }
        }
        let events = try store.read { try $0.events(.all) }
        let ends = [now.startOfUTCDay + .days(1), now + .hours(1), now + TimeSpan(seconds: Int.random(in: 0...90_000, using: &rng))]
        for end in ends {
            let rollup = try store.read { try $0.standingRollup(since: StandingRollup.since(end: end)) }
            for type in types {
                let fromRollup = rollup.history(of: type.name, end: end)
                let fromLedger = TierHistory.sum(type.instances.map { agent in
                    TierHistory.of(StandingTimeline(agent: agent, events: events, start: TierHistory.since(end: end)), end: end)
                }, end: end)
                #expect(fromRollup.days == fromLedger.days, "\(type.name) ending \(end)")
                if end.seconds % 3600 == 0 {
                    #expect(fromRollup.spans == fromLedger.spans, "spans start on the hour when the end does")
                }
            }
        }
    }

    /// `afterID` reads the events after a known one, alone or with the other bounds.
    @Test(arguments: StoreKind.allCases)
    func eventsAfterAnID(_ kind: StoreKind) throws {
        let opened = try kind.make()  // kept: the readers open the file again
        let store = opened.store
        let ids = try store.write { (transaction: any StoreTransaction) throws in
            try (0..<6).map { index in
                try transaction.append(LedgerEvent(agent: index % 2 == 0 ? "a" : "b", at: t0 + .minutes(index), kind: .stepDown, fromTier: 1, toTier: 2, source: .outcome))
            }
        }
        let readers = try store.ledgerReaders()
        #expect(try readers.events(EventQuery(afterID: ids[3])).map(\.id) == [ids[5], ids[4]])
        #expect(try readers.events(EventQuery(agent: "a", afterID: ids[0])).map(\.id) == [ids[4], ids[2]])
        #expect(try readers.events(EventQuery(agent: "a", throughID: ids[3], afterID: ids[0])).map(\.id) == [ids[2]])
        #expect(try store.read { try $0.events(EventQuery(agent: "b", afterID: .min)) }.map(\.id) == [ids[5], ids[3], ids[1]])
        withExtendedLifetime(opened) {}
    }

    static func chain(_ count: Int) -> [ChainEntry] {
        (0..<count).map { ChainEntry(provider: ["anthropic", "deepseek", "ollama"][$0], model: "m\($0)") }
    }
}
