import FailoverCore
import FailoverPostgres
import Foundation
import TestSupport

/// A new database on the test process's PostgreSQL server, and the address of it.
struct PostgresDatabase {
    let cluster: PostgresCluster
    let name: String
    let address: PostgresAddress

    init() throws {
        cluster = try PostgresCluster.shared()
        name = try cluster.createDatabase()
        address = try PostgresAddress.parse(cluster.socketURL(name)).get()
    }

    /// A store on it: each call its own connection, as another host's verb would open.
    func open(lockTimeout: TimeInterval = 60) throws -> PostgresStore {
        try PostgresStore(address: address, password: nil, lockTimeout: lockTimeout)
    }

    @discardableResult
    func psql(_ sql: String) throws -> String {
        try cluster.psql(sql, database: name)
    }
}

let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!

func chain(_ count: Int) -> [ChainEntry] {
    (0..<count).map { ChainEntry(provider: ["anthropic", "deepseek", "ollama"][$0], model: "m\($0)") }
}
