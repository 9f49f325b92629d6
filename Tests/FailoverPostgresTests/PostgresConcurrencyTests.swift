import FailoverCore
import FailoverEngine
import FailoverPostgres
import Foundation
import Testing
import TestSupport

/// Several writers, each with a connection of its own as separate hosts would have, hammer the same
/// agents through the real server. Every write reads the agent's state, applies an input and saves
/// what follows, as `record` does; the write lock must make them take turns.
@Suite struct PostgresConcurrencyTests {
    static let type = AgentType(name: "coder", instances: ["c1", "c2", "c3"], chain: chain(3))

    @Test func concurrentWritersNeitherLoseNorRepeatATransition() throws {
        let database = try PostgresDatabase()
        let writers = 6, writesEach = 40
        let failures = LockedBox<[String]>([])
        let appended = LockedBox(0)
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let store = try database.open()
                var rng = SeededGenerator(seed: UInt64(writer))
                for index in 0..<writesEach {
                    let agent = Self.type.instances.randomElement(using: &rng)!
                    let now = t0 + .minutes(index)
                    // A reset token names the write: it must reach the ledger exactly once.
                    let token = "w\(writer)-\(index)"
                    let inputs: [FailoverInput] = [
                        [.failure(.auth, tier: nil, detail: "x"), .success(tier: nil), .control(ControlEntry(paused: Bool.random(using: &rng)))].randomElement(using: &rng)!,
                        .control(ControlEntry(reset: token)),
                    ]
                    let count = try store.write { transaction in
                        var state = try transaction.snapshot.states()[agent]
                        var events: [LedgerEvent] = []
                        if state == nil {
                            let created = AgentState.created(agent: agent, type: Self.type, at: now)
                            events += created.events
                            state = created.state
                        }
                        for input in inputs {
                            let transition = state!.applying(input, type: Self.type, at: now)
                            events += transition.events
                            state = transition.state
                        }
                        try transaction.save(state!, at: now)
                        for event in events { try transaction.append(event) }
                        try transaction.record(UsageEntry(agent: agent, agentType: "coder", at: now, tier: state!.tier, provider: "anthropic", model: "m",
                                                          outcome: .success, inputTokens: 10, outputTokens: 1))
                        return events.count
                    }
                    appended.withLockedValue { $0 += count }
                }
            } catch {
                failures.withLockedValue { $0.append("writer \(writer): \(error)") }
            }
        }
        #expect(failures.withLockedValue { $0 } == [])
        let store = try database.open()
        try store.read { (snapshot: any StoreSnapshot) throws in
            let report = try LedgerVerifier.verify(snapshot)
            #expect(report.differences == [], "the ledger replays to the state table")
            #expect(report.eventsReplayed == appended.withLockedValue { $0 }, "every committed event is in the ledger, once")
            let events = try snapshot.events(.all).reversed()
            var tokens: [String: Int] = [:]
            for event in events where event.kind == .reset { tokens[event.resetToken ?? "", default: 0] += 1 }
            let expected = Set((0..<writers).flatMap { writer in (0..<writesEach).map { "w\(writer)-\($0)" } })
            #expect(Set(tokens.keys) == expected, "every write's reset is in the ledger")
            #expect(tokens.values.allSatisfy { $0 == 1 }, "and none twice")
            // Each write read what the one before it committed: every event starts where the agent's last one ended.
            var lastTier: [AgentID: Int] = [:]
            for event in events {
                if let tier = lastTier[event.agent] { #expect(event.fromTier == tier, "event \(event.id ?? 0) of \(event.agent) follows its previous one") }
                lastTier[event.agent] = event.toTier
            }
            #expect(try snapshot.usageRowCount() == writers * writesEach)
            #expect(try snapshot.typeUsage("coder", after: t0 - .days(1), through: t0 + .days(1)).tasks == writers * writesEach, "the rollups saw every writer")
        }
    }

    /// A writer that cannot have the lock within `lock_timeout` gives up before writing: exit 75's error.
    @Test func aWriterThatWaitsTooLongGivesUpWithTheTemporaryError() throws {
        let database = try PostgresDatabase()
        let store = try database.open(lockTimeout: 1)
        let holder = try database.open()
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? holder.write { _ in
                started.signal()
                release.wait()
            }
        }
        thread.start()
        started.wait()
        defer { release.signal() }
        let began = Date()
        #expect {
            try store.write { try $0.save(AgentState(agent: "a"), at: t0) }
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .locked = error else { return false }
            return error.disposition == .temporary && error.description.contains("safe to retry")
        }
        #expect(Date().timeIntervalSince(began) < 10)
        release.signal()
        #expect(try store.read { try $0.states() }.isEmpty, "nothing was written")
    }
}
