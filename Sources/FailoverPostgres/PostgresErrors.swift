import Foundation
import PostgresNIO

/// What PostgreSQL (or the way to it) reported, mapped onto what the operator can do.
enum PostgresErrors {
    /// SQLSTATEs that mean "someone else holds what this writer waits for": lock_not_available (the
    /// `lock_timeout` ran out), deadlock_detected, serialization_failure. Nothing was written.
    static let lockStates: Set<String> = ["55P03", "40P01", "40001"]

    /// Classes the operator fixes on the server: privileges (42501), resources such as a full disk (53),
    /// the server shutting down (57P01..57P03), configuration (F0), a connection lost (08).
    static func isOperatorFixable(_ state: String) -> Bool {
        state == "42501" || state.hasPrefix("53") || ["57P01", "57P02", "57P03"].contains(state) || state.hasPrefix("F0") || state.hasPrefix("08")
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The server's message and SQLSTATE, or the client's reason: never the query's bound values.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                let message = info[.message] ?? "error"
                return "\(message)" + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    static func storeError(_ error: any Error, address: String, lockTimeout: TimeInterval) -> any Error {
        if error is PostgresStoreError { return error }
        guard let psql = error as? PSQLError else {
            if error is PostgresDecodingError { return PostgresStoreError.unreadableRow(address: address, reason: "\(error)") }
            return error
        }
        if let state = sqlState(psql) {
            if lockStates.contains(state) { return PostgresStoreError.locked(address: address, waited: lockTimeout) }
            if isOperatorFixable(state) { return PostgresStoreError.refused(address: address, reason: reason(psql)) }
            return PostgresStoreError.database(reason(psql))
        }
        switch psql.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return PostgresStoreError.cannotConnect(address: address, reason: reason(psql))
        default:
            return PostgresStoreError.database(reason(psql))
        }
    }
}
