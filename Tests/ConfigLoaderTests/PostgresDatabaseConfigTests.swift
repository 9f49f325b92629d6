import ConfigLoader
import FailoverCore
import Testing
import TestSupport

/// `service.database` as a `postgres://` URL and `service.database_password_env` (specs/config.md):
/// the password lives in the environment, never in the file.
@Suite struct PostgresDatabaseConfigTests {
    @Test func aURLAndAPasswordVariableAreTaken() throws {
        let config = try #require(Fixtures.check("""
            service: { database: "postgres://fleet@db.internal:6432/failover?sslmode=verify-full", database_password_env: FAILOVER_PG_PASSWORD }
            """ + "\n" + Fixtures.valid).config)
        #expect(config.service.databasePasswordEnv == "FAILOVER_PG_PASSWORD")
        let address = try PostgresAddress.parse(config.service.database).get()
        #expect(address == PostgresAddress(user: "fleet", host: "db.internal", port: 6432, database: "failover", sslMode: .verifyFull))
    }

    @Test(arguments: [
        ("postgres://fleet:s3cret-pw@db:5432/failover", "database_password_env"),
        ("postgres://fleet@db/failover?password=s3cret-pw", "database_password_env"),
        ("postgres://fleet@db:5432/fail/over", "escape it as %2F"),
        ("postgres://fleet@db:99999/failover", "a port is a number from 1 to 65535"),
        ("postgres://fleet@db:5432/", "names no database"),
        ("postgres://fleet@db/failover?sslmode=always", "write one of disable, allow, prefer, require, verify-ca, verify-full"),
        ("postgres://fleet@db/failover?application=x", "failover does not use"),
        ("mysql://fleet@db/failover", "only postgres:// URLs are supported"),
    ])
    func aBadURLIsAnErrorThatSaysTheFixAndNeverEchoesAPassword(_ url: String, _ message: String) {
        let diagnostic = Fixtures.diagnostic("service: { database: \"\(url)\" }\n" + Fixtures.valid, at: "service.database")
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.message.contains(message) == true, "\(diagnostic?.message ?? "none")")
        #expect(diagnostic?.message.contains("s3cret") == false)
    }

    @Test func thePasswordVariableIsANameNotAPassword() {
        let diagnostic = Fixtures.diagnostic("service: { database_password_env: \"hunter2 !\" }\n" + Fixtures.valid, at: "service.database_password_env")
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.message.contains("environment variable name") == true)
    }

    @Test func aUnixSocketFolderAndPortRoundTripThroughTheDescription() throws {
        let address = try PostgresAddress.parse("postgresql://fleet@/failover?host=/run/postgresql&port=5433&sslmode=disable").get()
        #expect(address.usesUnixSocket && address.socketPath == "/run/postgresql/.s.PGSQL.5433")
        #expect(try PostgresAddress.parse(address.description).get() == address)
        let escaped = try PostgresAddress.parse("postgres://fl%40eet@[::1]:5444/fail%2Fover").get()
        #expect(escaped.user == "fl@eet" && escaped.host == "::1" && escaped.port == 5444)
        #expect(escaped.database == "fail/over")
        #expect(try PostgresAddress.parse("postgres://db/failover").get().user == nil, "no user: the operating system's, as libpq")
        #expect(try PostgresAddress.parse(escaped.description).get() == escaped)
    }

    /// No text traps the parser, and whatever it accepts describes itself as a URL it reads back the same.
    @Test(arguments: 0..<4)
    func hostileURLsNeverTrap(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let pieces = ["postgres://", "postgresql://", "@", ":", "/", "?", "&", "=", "%", "%2", "%zz", "%00", "[", "]", "::1", "host", "u", "db",
                      "sslmode", "require", "port", "99999999999999999999", "0", "65535", "#", " ", "\u{0}", "é", "🙂", "sslrootcert", "/tmp/x"]
        for _ in 0..<Hostile.iterations(2000) {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if case .success(let address) = PostgresAddress.parse(text) {
                #expect(address.user?.isEmpty != true && !address.host.isEmpty && !address.database.isEmpty && (1...65_535).contains(address.port))
                #expect(try PostgresAddress.parse(address.description).get() == address, "\(text)")
            }
        }
    }
}
