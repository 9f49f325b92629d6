import FailoverCore
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// One PostgreSQL connection driven from synchronous code: each query is sent on PostgresNIO's event
/// loop and the calling thread waits for its result (`EventLoopFuture.wait`). The store's ports are
/// synchronous and the CLI's verbs run on the main thread, never on an event loop, so waiting there is
/// safe; a lock keeps one caller at a time on the connection, since a transaction is the connection's.
final class BlockingConnection: Sendable {
    let connection: PostgresConnection
    let address: PostgresAddress
    private let lock = NSLock()

    /// PostgresNIO logs at debug and trace only; nothing of it reaches the operator's stderr.
    static let logger = Logger(label: "failover.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(connection: PostgresConnection, address: PostgresAddress) {
        self.connection = connection
        self.address = address
    }

    /// Connects and logs in; the password (from the environment, never the config) is only sent.
    static func open(_ address: PostgresAddress, password: String?) throws -> BlockingConnection {
        let user = address.user ?? operatingSystemUser
        var configuration: PostgresConnection.Configuration
        if address.usesUnixSocket {
            configuration = PostgresConnection.Configuration(unixSocketPath: address.socketPath, username: user, password: password, database: address.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                tls = try Self.tls(address)
            } catch {
                throw PostgresStoreError.cannotConnect(address: address.description, reason: "TLS setup failed: \(error)")
            }
            configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: user, password: password,
                                                             database: address.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1,
                                                            logger: logger).wait()
            return BlockingConnection(connection: connection, address: address)
        } catch {
            throw PostgresStoreError.cannotConnect(address: address.description, reason: PostgresErrors.reason(error))
        }
    }

    /// Who the verb runs as: the user a URL without one logs in as, as with libpq.
    static var operatingSystemUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }

    /// libpq's sslmode, mapped onto PostgresNIO's three: `allow` and `prefer` try TLS and take what the
    /// server offers; `require` insists on it without checking the certificate (libpq's meaning);
    /// `verify-ca` checks the chain; `verify-full` the host name too.
    static func tls(_ address: PostgresAddress) throws -> PostgresConnection.Configuration.TLS {
        var client = TLSConfiguration.makeClientConfiguration()
        if let root = address.sslRootCert { client.trustRoots = .file(root) }
        switch address.sslMode {
        case .disable:
            return .disable
        case .allow, .prefer:
            client.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: client))
        case .require:
            client.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: client))
        case .verifyCA:
            client.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: client))
        case .verifyFull:
            client.certificateVerification = .fullVerification
            return .require(try NIOSSLContext(configuration: client))
        }
    }

    /// Runs `body` as the connection's only user.
    func exclusive<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    @discardableResult
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try connection.query(query, logger: Self.logger).wait()
    }

    /// A statement with no parameters: DDL, BEGIN, COMMIT.
    @discardableResult
    func execute(_ sql: String) throws -> PostgresQueryResult {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    func close() {
        try? connection.close().wait()
    }
}
