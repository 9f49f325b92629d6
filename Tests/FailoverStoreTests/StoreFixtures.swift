import FailoverCore
import FailoverStore
import Foundation

/// A store in a fresh temporary folder, removed afterwards.
final class TemporaryStore {
    let folder: URL
    let store: FailoverStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-test-\(UUID().uuidString)")
        store = try FailoverStore(path: folder.appendingPathComponent("var/failover.sqlite").path)
    }

    var path: String { store.path }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func usage(_ agent: String, type: String = "coder", at: Timestamp, tokens: Int, outcome: String = "success") -> UsageEntry {
    UsageEntry(agent: agent, agentType: type, at: at, tier: 1, provider: "anthropic", model: "m", outcome: outcome, inputTokens: tokens, outputTokens: 1)
}

let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!
