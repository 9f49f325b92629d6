import ConfigLoader
import FailoverCore
import FailoverPostgres
import FailoverStore
import Foundation

/// The one place a verb's store is opened: `service.database` names a SQLite file or a PostgreSQL
/// database (`postgres://`), and everything past this sees only the ports (`Store`).
package enum StoreFactory {
    package static func open(_ config: LoadedConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any Store {
        let lockTimeout = TimeInterval(config.config.service.lockTimeout.seconds)
        guard let address = try postgresAddress(config) else {
            return try SQLiteStore(path: config.databasePath, lockTimeout: lockTimeout)
        }
        return try PostgresStore(address: address, password: try password(config.config.service, address: address, environment: environment), lockTimeout: lockTimeout)
    }

    /// The PostgreSQL database `service.database` names; nil for a SQLite file.
    package static func postgresAddress(_ config: LoadedConfig) throws -> PostgresAddress? {
        try postgresAddress(config.config.service.database)
    }

    package static func postgresAddress(_ text: String) throws -> PostgresAddress? {
        guard PostgresAddress.isPostgres(text) else { return nil }
        switch PostgresAddress.parse(text) {
        case .success(let address): return address
        // The loader refuses these already; here for callers that were handed a URL of their own.
        case .failure(let problem): throw StoreFactoryError.badURL(problem)
        }
    }

    /// From the variable `service.database_password_env` names; nil when none is named (the server
    /// trusts the socket, or authenticates otherwise).
    package static func password(_ service: ServiceSettings, address: PostgresAddress, environment: [String: String]) throws -> String? {
        guard let variable = service.databasePasswordEnv else { return nil }
        guard let password = environment[variable] else { throw PostgresStoreError.missingPassword(address: address.description, variable: variable) }
        return password
    }

    /// A human name for the store in messages: the file's path, or the URL (which holds no password).
    package static func describe(_ config: LoadedConfig) -> String {
        (try? postgresAddress(config))??.description ?? config.databasePath
    }
}

package enum StoreFactoryError: Error, OperatorError, CustomStringConvertible {
    case badURL(PostgresAddress.Problem)

    package var disposition: ErrorDisposition { .user }

    package var description: String {
        switch self {
        case .badURL(let problem): "the PostgreSQL URL \(problem)"
        }
    }
}
