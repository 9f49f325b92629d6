/// Why the store could not be used. User errors name the file and the fix.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file was written by a newer failover; upgrading is the fix.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file is not a SQLite database, or is damaged.
    case notADatabase(path: String, reason: String)
    /// The folder or file cannot be created or written.
    case cannotOpen(path: String, reason: String)
    /// Anything else SQLite reported.
    case database(String)

    /// Whether the operator can fix it (exit 1) rather than it being our fault (exit 2).
    public var isUserError: Bool {
        switch self {
        case .newerSchema, .notADatabase, .cannotOpen: true
        case .database: false
        }
    }

    public var description: String {
        switch self {
        case .newerSchema(let path, let unknown):
            "database \(path) was written by a newer failover (it has schema migrations this version does not know: \(unknown.joined(separator: ", "))); upgrade failover, or point service.database at another file"
        case .notADatabase(let path, let reason):
            "\(path) is not a failover database (\(reason)); point service.database at another file or move this one away"
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .database(let message):
            "database error: \(message)"
        }
    }
}
