import Foundation

/// Why the store could not be used. User errors name the file and the fix.
package enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file was written by a newer failover; upgrading is the fix.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file is not a SQLite database at all.
    case notADatabase(path: String, reason: String)
    /// The file exists but holds nothing: never a database failover made, so never silently a new one.
    case emptyFile(path: String)
    /// A SQLite database that belongs to another program, or that another program added tables to.
    case foreignDatabase(path: String, reason: String)
    /// SQLite found the file damaged (SQLITE_CORRUPT or SQLITE_NOTADB) while using it.
    case damaged(path: String, reason: String)
    /// Another process held the write lock for the whole `lock_timeout`; nothing was written.
    case locked(path: String, waited: TimeInterval)
    /// The folder or file cannot be created or written.
    case cannotOpen(path: String, reason: String)
    /// The path, or one of SQLite's side files beside it, is a pipe, a device or a socket, which
    /// SQLite would wait on or read forever. `kind` reads after "is".
    case notRegularFile(path: String, kind: String)
    /// The disk holding the database is full. What was lost depends on what the store was doing.
    case full(path: String, during: StoreAccess)
    /// The disk failed a read or write for another reason; the transaction rolled back.
    case ioError(path: String, reason: String)
    /// `failover backup` would replace a file and was not told it may.
    case backupExists(path: String)
    /// `failover backup` could not write or check its copy; the destination was left as it was.
    case backupFailed(path: String, reason: String)
    /// A row holds a value this version cannot read: a newer failover wrote it, or it is damaged.
    case unreadableRow(path: String, reason: String)
    /// Anything else SQLite reported.
    case database(String)

    /// Whether the operator can fix it (exit 1) rather than it being our fault (exit 2).
    package var isUserError: Bool {
        switch self {
        case .newerSchema, .notADatabase, .emptyFile, .foreignDatabase, .damaged, .cannotOpen, .notRegularFile, .full, .ioError, .unreadableRow, .backupExists, .backupFailed: true
        case .locked, .database: false
        }
    }

    /// Whether the same command, run again later, can succeed as it is (exit 75, EX_TEMPFAIL).
    package var isTemporary: Bool {
        if case .locked = self { return true }
        return false
    }

    /// What to do about a damaged database; shared by every verb and by `failover verify`.
    package static func restoreAdvice(path: String) -> String {
        "run `failover verify` to see the damage; to restore, stop the dispatcher, move \(path) and its -wal and -shm files aside, "
            + "copy your latest `failover backup` in its place, and run `failover verify` before starting the dispatcher again"
    }

    package var description: String {
        switch self {
        case .newerSchema(let path, let unknown):
            "database \(path) was written by a newer failover (it has schema migrations this version does not know: \(unknown.joined(separator: ", "))); upgrade failover, or point service.database at another file"
        case .notADatabase(let path, let reason):
            "\(path) is not a failover database (\(reason)); point service.database at another file or move this one away"
        case .emptyFile(let path):
            "\(path) is an empty file, not a failover database; failover creates its database only where no file exists, so it will not start over here: restore the database from a backup, or, to really begin with a new fleet history, delete the empty file"
        case .foreignDatabase(let path, let reason):
            "\(path) is not a failover database (\(reason)); failover leaves it untouched: point service.database at a file of its own"
        case .damaged(let path, let reason):
            "database \(path) is damaged (SQLite: \(reason)); \(Self.restoreAdvice(path: path))"
        case .locked(let path, let waited):
            "database \(path) stayed locked by another process for \(Int(waited.rounded())) s (service.lock_timeout); nothing was written and it is safe to retry"
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .notRegularFile(let path, let kind):
            "\(path) is \(kind), not a regular file, and SQLite would wait on it or read it forever; point service.database at a regular file, or move this one away"
        case .ioError(let path, let reason):
            "the disk holding \(path) reported an I/O error (\(reason)); nothing was written: check the disk (dmesg), then run `failover verify`"
        case .full(let path, .read):
            "the disk holding \(path) is full: SQLite could not make the room it needs beside the database to open and read it (its -wal and -shm files, or a temporary file); nothing was changed: free space, then run the command again"
        case .full(let path, .write):
            "the disk holding \(path) is full; nothing was written and env files it had rewritten were put back (any it could not, the next cycle rewrites): free space, then run the command again"
        case .full(let path, .acknowledgement):
            "the disk holding \(path) is full: free space"
        case .backupExists(let path):
            "\(path) already exists; choose another path, or pass --force to replace it"
        case .backupFailed(let path, let reason):
            "backup to \(path) failed: \(reason); \(path) was left as it was"
        case .unreadableRow(let path, let reason):
            "database \(path): \(reason), which this failover cannot read: a newer failover wrote it (upgrade this one) or the file is damaged (\(Self.restoreAdvice(path: path)))"
        case .database(let message):
            "database error: \(message)"
        }
    }
}

/// What the store was doing when SQLite failed. Only a verb's write transaction has env files to put
/// back, so only its full-disk message may say they were.
package enum StoreAccess: Sendable {
    /// Opening the database or reading it: even that needs room for SQLite's -wal and -shm files.
    case read
    /// A verb's transaction, which writes env files under its lock and puts them back when it fails.
    case write
    /// Recording that a verb's output was delivered, after its transaction committed.
    case acknowledgement
}

/// A row this version cannot read as what it should hold; `SQLiteStore` names the file.
struct RowProblem: Error {
    var table: String
    var id: Int64?
    var what: String

    var description: String { "\(table)\(id.map { " row \($0)" } ?? "") holds an unknown \(what)" }
}
