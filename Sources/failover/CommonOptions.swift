import ArgumentParser
import ConfigLoader
import FailoverEngine
import FailoverCore
import FailoverStore
import Foundation

/// `--now`, so a dispatcher replaying history, the demo and tests can say what time it is.
struct NowOption: ParsableArguments {
    @Option(help: ArgumentHelp("Act as if it were this moment (RFC 3339), for replays and tests.", valueName: "time"))
    var now: String?

    func timestamp() throws -> Timestamp {
        guard let now else { return Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }
        guard let parsed = Timestamp(rfc3339: now) else {
            throw CommandFailure.user("--now: \(Echo.quote(now)) is not an RFC 3339 time such as 2026-11-24T10:00:00Z")
        }
        guard OutcomeParser.years.contains(parsed.year) else {
            throw CommandFailure.user("--now: \(parsed) is outside the years \(OutcomeParser.years.lowerBound)-\(OutcomeParser.years.upperBound)")
        }
        return parsed
    }
}

/// Loading the config and opening its database, as every state-reading verb does.
enum Session {
    static func load(_ option: ConfigOption) throws -> LoadedConfig {
        let config = try ConfigLoader.load(path: option.path)
        Console.learn(config.config.providers)
        return config
    }

    static func open(_ config: LoadedConfig) throws -> SQLiteStore {
        try SQLiteStore(path: config.databasePath, lockTimeout: TimeInterval(config.config.service.lockTimeout.seconds))
    }
}

extension Timestamp {
    /// `2026-11-24T10:00:00Z`, or a duration back from `now` such as `2h` or `7d`.
    static func parse(pointOrAgo text: String, now: Timestamp) -> Timestamp? {
        if let point = Timestamp(rfc3339: text) { return point }
        if let span = TimeSpan(parsing: text) { return now - span }
        return nil
    }
}
