import Foundation
import GRDB

/// Ways a database file gets damaged on disk, applied to a closed database.
enum DatabaseDamage: String, CaseIterable, Sendable {
    /// Every page after the first (header and schema) and before the last zeroed.
    case zeroedPages
    /// The same pages overwritten with noise.
    case garbagePages
    /// The file cut to half its length, as a full disk or a bad copy leaves it.
    case truncated
    /// Noise over the state table's first page only: a few bytes in the middle of the file.
    case stateTableGarbled

    static let pageSize = 4096

    func apply(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        switch self {
        case .zeroedPages, .garbagePages:
            var data = try Data(contentsOf: url)
            let pages = data.count / Self.pageSize
            precondition(pages >= 4, "too small a database to damage in the middle")
            let range = Self.pageSize..<((pages - 1) * Self.pageSize)
            data.replaceSubrange(range, with: self == .zeroedPages ? Data(count: range.count) : Self.noise(range.count))
            try data.write(to: url)
        case .truncated:
            let size = try Data(contentsOf: url).count
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(size / 2))
            try handle.close()
        case .stateTableGarbled:
            let page = try DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'agent_provider_state'")
            } ?? 0
            precondition(page > 1, "no state table to damage")
            let handle = try FileHandle(forWritingTo: url)
            try handle.seek(toOffset: UInt64((page - 1) * Self.pageSize))
            handle.write(Self.noise(Self.pageSize))
            try handle.close()
        }
    }

    static func noise(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
