import FailoverCore
@testable import FailoverStore
import Foundation
import GRDB

/// A scratch folder for files the store is pointed at, removed afterwards.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("store-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The folder's entries, for checking that nothing was left behind.
    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    deinit { try? FileManager.default.removeItem(at: url) }
}


/// A populated database, closed (so the WAL is checkpointed into the file and gone), ready to damage.
func populatedDatabase(in folder: ScratchFolder, agents: Int = 40, events: Int = 400) throws -> String {
    let path = folder.path("failover.sqlite")
    let store = try SQLiteStore(path: path)
    try store.write { transaction in
        for index in 0..<agents { try transaction.save(AgentState(agent: AgentID("agent-\(index)")), at: t0) }
        for index in 0..<events {
            let agent = AgentID("agent-\(index % agents)")
            try transaction.append(LedgerEvent(agent: agent, at: t0 + .minutes(index), kind: .created, fromTier: 1, toTier: 1, source: .config, detail: String(repeating: "x", count: 200)))
            try transaction.record(usage(agent, at: t0 + .minutes(index), tokens: index))
        }
    }
    return path
}

/// Overwrites every page but the first (the header and schema) and the last with `byte`, or with
/// noise when nil: damage SQLite notices on the first read of any table.
func damagePages(_ path: String, with byte: UInt8?) throws {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    let pageSize = 4096
    let pages = data.count / pageSize
    precondition(pages >= 4, "too small a database to damage in the middle")
    var generator = SystemRandomNumberGenerator()
    for offset in pageSize..<((pages - 1) * pageSize) {
        data[offset] = byte ?? UInt8.random(in: 0...255, using: &generator)
    }
    try data.write(to: URL(fileURLWithPath: path))
}

/// Overwrites the first page of `table`'s b-tree with noise: garbage over one page in the middle of the
/// file, where SQLite notices only when something reads that table.
func damageRootPage(of table: String, in path: String) throws {
    let page = try DatabaseQueue(path: path).read { db in
        try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table])
    }
    guard let page, page > 1 else { throw DamageError.noSuchTable(table) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: UInt64((page - 1) * 4096))
    var generator = SystemRandomNumberGenerator()
    handle.write(Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }))
}

enum DamageError: Error { case noSuchTable(String) }

/// Errors collected from concurrent work.
final class Failures: Sendable {
    private let items = LockedBox<[String]>([])

    func append(_ item: String) { items.withLockedValue { $0.append(item) } }
    var all: [String] { items.withLockedValue { $0 } }
}
