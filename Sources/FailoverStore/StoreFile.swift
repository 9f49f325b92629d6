import AtomicFiles
import FailoverCore
import Foundation
import GRDB

/// The database file before and while SQLite opens it: what is at the path, and how a new database
/// comes to be there. A database is created only where no file exists, and it appears whole: built
/// under a temporary name beside the path and linked into place, so no process ever sees (or adopts) a
/// half-made one, and an empty or foreign file at the path is never mistaken for a fresh start.
enum StoreFile {
    /// The first 16 bytes of every SQLite 3 database.
    static let magic = Data("SQLite format 3\u{0}".utf8)

    enum Found: Equatable {
        case missing
        case sqlite
    }

    /// Reads the header only: a cheap check that refuses what SQLite would otherwise report late or
    /// not at all (SQLite treats a zero-length file as a new, empty database).
    static func inspect(_ path: String) throws(StoreError) -> Found {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .missing }
        guard !isFolder.boolValue else { throw .cannotOpen(path: path, reason: "it is a folder; point service.database at a file inside it") }
        // Opening a named pipe waits for a writer, and a device reads forever: every verb would hang.
        // SQLite opens the side files too.
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] {
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            let kind = FileKind(mode: UInt32(info.st_mode))
            if kind != .regular {
                throw .notRegularFile(path: file, kind: kind.description)
            }
        }
        let header: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = try handle.read(upToCount: 100) ?? Data()
        } catch {
            throw .cannotOpen(path: path, reason: "cannot read it: \(error.localizedDescription)")
        }
        if header.isEmpty { throw .emptyFile(path: path) }
        guard header.count == 100, header.prefix(magic.count) == magic else {
            throw .notADatabase(path: path, reason: "it does not start with the SQLite header")
        }
        return .sqlite
    }

    static func createFolder(for path: String) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            // Foundation says only "NSCocoaErrorDomain error 512" when a part of the path is a file.
            let reason = AtomicFile.fileInTheWay(of: folder).map { "\($0) is a file, not a folder" } ?? error.localizedDescription
            throw .cannotOpen(path: path, reason: "cannot create folder \(folder): \(reason)")
        }
    }

    /// Builds a complete, stamped database beside `path` and links it into place. When another process
    /// got there first, its database is kept and this one dropped; either way a whole database is there.
    static func create(at path: String, configuration: Configuration) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).creating-\(UUID().uuidString)").path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
        let queue = try DatabaseQueue(path: temporary, configuration: configuration)
        try queue.writeWithoutTransaction { db in try StoreOwnership.enableWAL(db) }
        try Schema.migrator.migrate(queue)
        try queue.write { db in try StoreOwnership.stamp(db) }
        // Closing the last connection checkpoints the WAL into the file, so the file alone is the database.
        try queue.close()
        if link(temporary, path) != 0 {
            let code = errno
            switch code {
            case EEXIST:
                break
            case EPERM, ENOTSUP, EOPNOTSUPP:
                // A file system without hard links: rename instead. Only two processes creating the database
                // at the same moment can then collide, and the one renamed last keeps the file.
                guard rename(temporary, path) == 0 else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            default:
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(code)))
            }
        }
    }

    /// Bytes free to us on the file system holding `path` (or its folder, before it exists).
    static func freeBytes(near path: String) -> Int? {
        var info = statvfs()
        let target = FileManager.default.fileExists(atPath: path) ? path : (path as NSString).deletingLastPathComponent
        guard statvfs(target, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }
}
