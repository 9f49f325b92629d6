import ArgumentParser
import ConfigLoader
import FailoverEngine
import FailoverCore
import FailoverStore
import Foundation
import StoreFactory

/// `--now`, so a dispatcher replaying history, the demo and tests can say what time it is.
struct NowOption: ParsableArguments {
    @Option(help: ArgumentHelp("Act as if it were this moment (RFC 3339), for replays and tests.", valueName: "time"))
    var now: String?

    func timestamp() throws -> Timestamp {
        guard let now else { return Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }
        switch Timestamp.reading(rfc3339: now) {
        case .time(let time): return time
        case .notATime: throw CommandFailure.user("--now: \(Echo.quote(now)) is not an RFC 3339 time such as 2026-11-24T10:00:00Z")
        case .outside(let year): throw CommandFailure.user(Timestamp.outsideMessage("--now", now, year))
        }
    }
}

/// Loading the config and opening its database, as every state-reading verb does.
enum Session {
    static func load(_ option: ConfigOption) throws -> LoadedConfig {
        let config = try ConfigLoader.load(path: option.path)
        Console.learn(config.config.providers)
        return config
    }

    /// The store `service.database` names: a SQLite file or a PostgreSQL database.
    static func open(_ config: LoadedConfig) throws -> any Store {
        try StoreFactory.open(config)
    }

    /// The SQLite file, for the verbs that work on the file itself (`backup`).
    static func openSQLite(_ config: LoadedConfig, verb: String, instead: String) throws -> SQLiteStore {
        if let address = try StoreFactory.postgresAddress(config) {
            throw CommandFailure.user("failover \(verb) works on a SQLite file, and service.database is the PostgreSQL database \(address); \(instead)")
        }
        return try SQLiteStore(path: config.databasePath, lockTimeout: TimeInterval(config.config.service.lockTimeout.seconds))
    }
}

extension Timestamp {
    /// `2026-11-24T10:00:00Z`, or a duration back from `now` such as `2h` or `7d`; `option` names
    /// the option in the error.
    static func parse(pointOrAgo text: String, now: Timestamp, option: String) throws -> Timestamp {
        switch reading(rfc3339: text) {
        case .time(let time): return time
        case .outside(let year): throw CommandFailure.user(outsideMessage(option, text, year))
        case .notATime: break
        }
        if let seconds = TimeSpan.seconds(parsing: text) {
            guard seconds <= TimeSpan.maximum.seconds else {
                throw CommandFailure.user("\(option): \(Echo.quote(text)) is a duration over the limit of \(TimeSpan.maximum)")
            }
            return now - TimeSpan(seconds: seconds)
        }
        throw CommandFailure.user("\(option): \(Echo.quote(text)) is neither an RFC 3339 time nor a duration such as 2h")
    }

    static func outsideMessage(_ option: String, _ text: String, _ year: Int64) -> String {
        "\(option): \(Echo.quote(text)) is outside the years \(inputYears.lowerBound)-\(inputYears.upperBound) (in UTC it falls in \(year))"
    }
}
