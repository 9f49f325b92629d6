import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB
import Testing

@Suite struct StoreOpeningTests {
    @Test func createsTheFolderTheFileAndTheSchemaInWALMode() throws {
        let fixture = try TemporaryStore()
        #expect(FileManager.default.fileExists(atPath: fixture.path))
        let queue = try DatabaseQueue(path: fixture.path)
        let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(tables.contains("agent_provider_state") && tables.contains("agent_provider_events") && tables.contains("task_usage"))
    }

    @Test func commitsAreDurableAgainstCrashesInWALMode() throws {
        let fixture = try TemporaryStore()
        // specs/failover.md promises NORMAL (1): a crash loses nothing committed, a power loss at most the last batches.
        #expect(try fixture.store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
    }

    /// `validate` refuses longer names (ServiceSettings.maximumDatabaseNameBytes): this is the one
    /// that must still work, side files and temporary name included.
    @Test func aDatabaseWithTheLongestNameAllowedIsCreatedAndReopened() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(String(repeating: "n", count: ServiceSettings.maximumDatabaseNameBytes)).path
        let store = try SQLiteStore(path: path)
        try store.write { try $0.save(AgentState(agent: "a"), at: t0) }
        #expect(try SQLiteStore(path: path).read { try $0.states() }.keys.sorted() == ["a"])
    }

    /// Opening a named pipe for reading waits for a writer: every verb used to hang on one.
    @Test(arguments: ["", "-wal"])
    func aDatabasePathThatIsNotARegularFileIsRefused(suffix: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("failover.sqlite").path
        if !suffix.isEmpty { _ = try SQLiteStore(path: path) }
        #expect(mkfifo(path + suffix, 0o600) == 0)
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("opened")
        } catch {
            #expect("\(error)".contains("\(path + suffix) is a named pipe (FIFO), not a regular file"), "\(error)")
            #expect(error.isUserError)
        }
    }

    @Test func reopeningAnUpToDateDatabaseIsFine() throws {
        let fixture = try TemporaryStore()
        try fixture.store.write { try $0.save(AgentState(agent: "a"), at: t0) }
        let again = try SQLiteStore(path: fixture.path)
        #expect(try again.read { try $0.states() }.keys.sorted() == ["a"])
    }

    @Test func upgradingKeepsEveryAgentsHourlyUsage() throws {
        // A database as v3 left it, rollups keyed by agent first.
        let older = try OlderDatabase(upTo: "v3-covering-agent-usage")
        let hour = UsageWindowPlan.floorHour(t0.seconds)
        try older.queue.write { db in
            for (agent, tokens) in [("coder-1", 100), ("coder-2", 30)] {
                try db.execute(sql: """
                    INSERT INTO usage_hourly_by_agent (agent, hour, agent_type, input_tokens, output_tokens, tasks, failures)
                    VALUES (?, ?, 'coder', ?, 1, 2, 1)
                    """, arguments: [agent, hour, tokens])
            }
        }
        let store = try older.upgraded()
        let upgraded = try store.read { try $0.agentUsage(after: Timestamp(seconds: hour - 1), through: Timestamp(seconds: hour + 3599)) }
        #expect(upgraded["coder-1"]?.inputTokens == 100 && upgraded["coder-2"]?.inputTokens == 30)
        #expect(upgraded["coder-1"]?.tasks == 2 && upgraded["coder-1"]?.failures == 1)
        // And new usage lands in the upgraded table.
        try store.write { try $0.record(usage("coder-1", at: t0 + .minutes(1), tokens: 5)) }
        let after = try store.read { try $0.agentUsage(after: Timestamp(seconds: hour - 1), through: Timestamp(seconds: hour + 3599)) }
        #expect(after["coder-1"]?.inputTokens == 105)
    }

    @Test func upgradingGivesEveryPausedAgentTheReasonOfItsNewestPause() throws {
        let older = try OlderDatabase(upTo: "v6-env-offer")
        try older.queue.write { db in
            for (agent, paused) in [("exhausted", 1), ("operator", 1), ("repaused", 1), ("unexplained", 1), ("running", 0)] {
                try db.execute(sql: "INSERT INTO agent_provider_state (agent, tier, paused, updated_at) VALUES (?, 3, ?, 0)", arguments: [agent, paused])
            }
            // `repaused` was exhausted, reset, then paused by an operator: the newest pause counts.
            for (agent, kind) in [("exhausted", "exhausted_pause"), ("operator", "paused"), ("repaused", "exhausted_pause"), ("repaused", "paused"), ("running", "exhausted_pause")] {
                try db.execute(sql: """
                    INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak)
                    VALUES (?, 0, ?, 3, 3, 'config', 1, 0)
                    """, arguments: [agent, kind])
            }
        }
        let states = try older.upgraded().read { try $0.states() }
        #expect(states["exhausted"]?.pauseReason == .exhausted)
        #expect(states["operator"]?.pauseReason == .operator)
        #expect(states["repaused"]?.pauseReason == .operator)
        #expect(states["unexplained"]?.pauseReason == .operator)
        #expect(states["running"]?.pauseReason == nil)
    }

    @Test func upgradingCountsTheLedgerByKindOnceThenKeepsCounting() throws {
        let older = try OlderDatabase(upTo: "v8-standing-history")
        try older.queue.write { db in
            for kind in ["created", "created", "step_down", "exhausted_pause", "step_down", "step_down"] {
                try db.execute(sql: """
                    INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak)
                    VALUES ('coder-1', 0, ?, 1, 2, 'outcome', 0, 0)
                    """, arguments: [kind])
            }
        }
        let store = try older.upgraded()
        #expect(try store.read { try $0.eventCountsByKind() } == [.created: 2, .stepDown: 3, .exhaustedPause: 1])
        try store.write { try $0.append(LedgerEvent(agent: "coder-1", at: t0, kind: .recovered, fromTier: 2, toTier: 1, source: .outcome)) }
        #expect(try store.read { try $0.eventCountsByKind() } == [.created: 2, .stepDown: 3, .exhaustedPause: 1, .recovered: 1])
    }

    @Test func aPauseReasonIsStoredAndReadBack() throws {
        let fixture = try TemporaryStore()
        for reason in PauseReason.allCases {
            try fixture.store.write { try $0.save(AgentState(agent: "a", tier: 3, pauseReason: reason), at: t0) }
            #expect(try fixture.store.read { try $0.states() }["a"]?.pauseReason == reason)
        }
        try fixture.store.write { try $0.save(AgentState(agent: "a", tier: 3), at: t0) }
        #expect(try fixture.store.read { try $0.states() }["a"]?.paused == false)
    }

    @Test func aDatabaseFromANewerSchemaIsRefusedClearly() throws {
        let fixture = try TemporaryStore()
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')") }
        #expect {
            try SQLiteStore(path: fixture.path)
        } throws: { error in
            guard let error = error as? StoreError, case .newerSchema = error else { return false }
            return error.isUserError && error.description.contains("v9-from-the-future") && error.description.contains("upgrade failover")
        }
    }

    @Test func aFileThatIsNotADatabaseIsAUserError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("failover.sqlite")
        try Data(String(repeating: "this is not sqlite\n", count: 100).utf8).write(to: file)
        #expect {
            try SQLiteStore(path: file.path)
        } throws: { error in
            guard let error = error as? StoreError, case .notADatabase = error else { return false }
            return error.isUserError
        }
    }

    @Test func aVersionOneDatabaseIsMigratedWithItsHistoryIndexed() throws {
        let older = try OlderDatabase(upTo: "v1-state-ledger-usage")
        try older.queue.write { db in
            try db.execute(sql: "INSERT INTO agent_provider_state (agent, tier, updated_at) VALUES ('a', 1, 0), ('b', 1, 0)")
            for (agent, at) in [("a", t0), ("a", t0 + .days(1)), ("b", t0 + .days(1))] {
                try db.execute(sql: """
                    INSERT INTO agent_provider_events (agent, at, kind, from_tier, to_tier, source, paused, server_error_streak)
                    VALUES (?, ?, 'created', 1, 1, 'config', 0, 0)
                    """, arguments: [agent, at.seconds])
            }
        }
        let store = try older.upgraded()
        let days = try store.read { try $0.eventDays() }
        #expect(days.map(\.day) == ["2026-11-25", "2026-11-24"])
        #expect(days.map(\.count) == [2, 1])
        #expect(try store.read { try $0.lastEventIDs() } == ["a": 2, "b": 3])
    }

    @Test func theLedgerIsAppendOnly() throws {
        let fixture = try TemporaryStore()
        try fixture.store.write { try $0.append(LedgerEvent(agent: "a", at: t0, kind: .created, fromTier: 1, toTier: 1, source: .config)) }
        let queue = try DatabaseQueue(path: fixture.path)
        #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "UPDATE agent_provider_events SET to_tier = 2") } }
        #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "DELETE FROM agent_provider_events") } }
        #expect(try fixture.store.read { try $0.eventCount() } == 1)
    }
}
