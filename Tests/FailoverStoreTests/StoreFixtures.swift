import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB

/// A store in a fresh temporary folder, removed afterwards.
final class TemporaryStore {
    let folder: URL
    let store: SQLiteStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-test-\(UUID().uuidString)")
        store = try SQLiteStore(path: folder.appendingPathComponent("var/failover.sqlite").path)
    }

    var path: String { store.path }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// A database as an older version left it: migrated only up to `migration`, for upgrade tests.
final class OlderDatabase {
    let folder: URL
    let path: String
    let queue: DatabaseQueue

    init(upTo migration: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("older-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("failover.sqlite").path
        queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: migration)
    }

    /// Closes the old connection and opens the file as this version does, which upgrades it.
    func upgraded() throws -> SQLiteStore {
        try queue.close()
        return try SQLiteStore(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func usage(_ agent: AgentID, type: AgentTypeName = "coder", at: Timestamp, tokens: Int, outcome: OutcomeKind = .success) -> UsageEntry {
    UsageEntry(agent: agent, agentType: type, at: at, tier: 1, provider: "anthropic", model: "m", outcome: outcome, inputTokens: tokens, outputTokens: 1)
}

let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!
