import FailoverCore
@testable import FailoverPostgres
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

    /// The SQL that leaves a database as an older failover did: every migration before `migration`
    /// applied and recorded, none from it on.
    static func schemaBefore(_ migration: String) -> String {
        var sql = "CREATE TABLE failover_migrations (identifier TEXT PRIMARY KEY NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());\n"
        for applied in PostgresSchema.migrations.prefix(while: { $0.name != migration }) {
            sql += applied.statements.joined(separator: ";\n") + ";\n"
            sql += "INSERT INTO failover_migrations (identifier) VALUES ('\(applied.name)');\n"
        }
        return sql
    }
}

let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!

func chain(_ count: Int) -> [ChainEntry] {
    (0..<count).map { ChainEntry(provider: ["anthropic", "deepseek", "ollama"][$0], model: "m\($0)") }
}
