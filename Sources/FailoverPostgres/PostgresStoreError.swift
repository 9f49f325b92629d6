import FailoverCore
import Foundation

/// Why the PostgreSQL store could not be used. Messages name the store by its URL (which never holds a
/// password) and end with what to do. Dispositions match `StoreError`'s: a lock not had in time is
/// temporary (exit 75, nothing written), a server or schema the operator can fix is a user error.
package enum PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached, or refused the login.
    case cannotConnect(address: String, reason: String)
    /// `service.database_password_env` names a variable that is not set.
    case missingPassword(address: String, variable: String)
    /// The database was written by a newer failover.
    case newerSchema(address: String, unknownMigrations: [String])
    /// The database holds tables failover does not make: another program's.
    case foreignDatabase(address: String, reason: String)
    /// Another writer held the store's write lock for the whole `lock_timeout`; nothing was written.
    case locked(address: String, waited: TimeInterval)
    /// The server refused what failover asked (permissions, a full disk, a constraint).
    case refused(address: String, reason: String)
    /// A row holds a value this version cannot read.
    case unreadableRow(address: String, reason: String)
    /// `migrate-store` found rows in the target.
    case targetNotEmpty(address: String, tables: [String])
    /// Anything else.
    case database(String)

    package var isTemporary: Bool {
        if case .locked = self { return true }
        return false
    }

    package var isUserError: Bool {
        switch self {
        case .cannotConnect, .missingPassword, .newerSchema, .foreignDatabase, .refused, .unreadableRow, .targetNotEmpty: true
        case .locked, .database: false
        }
    }

    package var description: String {
        switch self {
        case .cannotConnect(let address, let reason):
            "cannot connect to database \(address): \(reason); check that the server runs and accepts this user, and service.database_password_env"
        case .missingPassword(let address, let variable):
            "database \(address): the environment variable \(variable) (service.database_password_env) is not set; export it with the database password"
        case .newerSchema(let address, let unknown):
            "database \(address) was written by a newer failover (it has schema migrations this version does not know: \(unknown.joined(separator: ", "))); upgrade failover, or point service.database at another database"
        case .foreignDatabase(let address, let reason):
            "\(address) is not a failover database (\(reason)); failover leaves it untouched: point service.database at a database of its own"
        case .locked(let address, let waited):
            "database \(address) stayed locked by another writer for \(Int(waited.rounded())) s (service.lock_timeout); nothing was written and it is safe to retry"
        case .refused(let address, let reason):
            "database \(address) refused the request: \(reason)"
        case .unreadableRow(let address, let reason):
            "database \(address): \(reason), which this failover cannot read: a newer failover wrote it (upgrade this one) or the row was changed by hand"
        case .targetNotEmpty(let address, let tables):
            "\(address) already holds failover data (in \(tables.joined(separator: ", "))); migrate-store copies only into an empty database: create a new one (createdb) and point --to at it"
        case .database(let message):
            "database error: \(message)"
        }
    }
}

extension PostgresStoreError: OperatorError {
    package var disposition: ErrorDisposition {
        if isTemporary { return .temporary }
        return isUserError ? .user : .internalFault
    }
}
