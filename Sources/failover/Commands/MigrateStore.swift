import ArgumentParser
import FailoverCore
import Foundation
import StoreFactory

struct MigrateStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy the SQLite database into an empty PostgreSQL database.",
        discussion: """
            Copies state, the ledger (with its ids), usage, the rollups and what each container was told, \
            from one consistent snapshot of service.database, in one transaction: the target holds all of it \
            or none. A target that holds any failover row is refused. The password comes from the variable \
            --password-env names (default: service.database_password_env), never from the URL. Then point \
            service.database at the URL and run `failover verify`. See specs/operations.md.
            """
    )

    @OptionGroup var config: ConfigOption

    @Option(help: ArgumentHelp("The PostgreSQL database to fill: postgres://USER@HOST:PORT/DATABASE?sslmode=...", valueName: "url"))
    var to: String

    @Option(help: ArgumentHelp("The environment variable holding the target's password.", valueName: "name"))
    var passwordEnv: String?

    func run() throws {
        let loaded = try Session.load(config)
        let address: PostgresAddress
        switch PostgresAddress.parse(to) {
        case .success(let parsed): address = parsed
        // Never quoted back: the URL may hold the password it is refused for.
        case .failure(let problem): throw CommandFailure.user("--to: the PostgreSQL URL \(problem)")
        }
        var password: String?
        if let variable = passwordEnv ?? loaded.config.service.databasePasswordEnv {
            guard let value = ProcessInfo.processInfo.environment[variable] else {
                throw CommandFailure.user("the environment variable \(variable) holding the target's password is not set; export it")
            }
            password = value
        }
        let report = try StoreMigration.copy(from: loaded, to: address, password: password)
        let counts = report.rowsByTable.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        Console.out("copied \(loaded.databasePath) to \(report.target): \(counts.isEmpty ? "no rows" : counts)")
        Console.out("next: set service.database to \(report.target)\(password == nil ? "" : " (and service.database_password_env)") and run `failover verify`")
    }
}
