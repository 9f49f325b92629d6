import FailoverCore
import Yams

extension ConfigParser {
    static let serviceKeys = ["database", "env_dir", "site_dir", "usage_window", "site_title", "base_url", "stale_after", "lock_timeout", "refresh", "database_password_env"]

    mutating func service(_ node: Node) -> ServiceSettings {
        var service = ServiceSettings()
        guard let entries = reader.mapping(node, ConfigPath("service"), allowed: Self.serviceKeys) else { return service }
        for (key, _, value) in entries {
            let path = ConfigPath("service", key)
            switch key {
            case "database":
                guard let text = nonEmptyString(value, path) else { break }
                service.database = text
                databaseName(text, path, value)
                databaseURL(text, path, value)
            case "database_password_env":
                guard let name = nonEmptyString(value, path) else { break }
                if Self.isEnvironmentName(name) {
                    service.databasePasswordEnv = name
                } else {
                    // Not quoted back: what stands here instead of a name may be the password itself.
                    reader.error(path, "is not an environment variable name; write the variable's name (letters, digits and _, such as FAILOVER_PG_PASSWORD), never the password itself", at: value)
                }
            case "env_dir": service.envDir = nonEmptyString(value, path) ?? service.envDir
            case "site_dir": service.siteDir = nonEmptyString(value, path) ?? service.siteDir
            case "site_title": service.siteTitle = nonEmptyString(value, path) ?? service.siteTitle
            case "usage_window":
                guard let text = reader.string(value, path) else { break }
                if let window = UsageWindow(parsing: text) {
                    service.usageWindow = window
                } else if let seconds = TimeSpan.seconds(parsing: text), seconds > UsageWindow.maximumSpan.seconds {
                    reader.error(path, "\(Echo.quote(text)) is longer than the maximum window of \(UsageWindow.maximumSpan); for no budget enforcement write all", at: value)
                } else {
                    reader.error(path, "\(Echo.quote(text)) is not a window; write a positive duration such as 1h, 24h, 7d or 30d, or all (no budget enforcement)", at: value)
                }
            case "stale_after":
                service.staleAfter = reader.positiveTimeSpan(value, path, maximum: ServiceSettings.maximumStaleAfter,
                                                             ifZero: "must be longer than 0s") ?? service.staleAfter
            case "lock_timeout":
                service.lockTimeout = reader.positiveTimeSpan(value, path, maximum: ServiceSettings.maximumLockTimeout,
                                                              ifZero: "must be between 1s and \(ServiceSettings.maximumLockTimeout); a writer holding the lock longer than that is stuck, not busy") ?? service.lockTimeout
            case "refresh": service.refresh = refresh(value, path) ?? service.refresh
            case "base_url":
                guard let text = nonEmptyString(value, path) else { break }
                if let url = Self.httpURL(text) {
                    service.baseURL = url.hasSuffix("/") ? url : url + "/"
                } else {
                    reader.error(path, "must be an absolute http:// or https:// URL, got \(Echo.quote(text))", at: value)
                }
            default: break
            }
        }
        return service
    }

    /// `service.refresh`: off (`0`, `0s`), or from `minimumRefresh` to `maximumRefresh`. A bare `0`
    /// is taken since it cannot be misread; any other bare number could be seconds or minutes.
    private mutating func refresh(_ node: Node, _ path: ConfigPath) -> TimeSpan? {
        if case .scalar(let scalar) = node, scalar.string == "0" {
            reader.note(path, node)
            return TimeSpan(seconds: 0)
        }
        guard let span = reader.timeSpan(node, path, maximum: ServiceSettings.maximumRefresh) else { return nil }
        guard span.seconds == 0 || span >= ServiceSettings.minimumRefresh else {
            reader.error(path, "must be 0s (no reload) or from \(ServiceSettings.minimumRefresh) to \(ServiceSettings.maximumRefresh); a page reloading more often mostly fetches what it already shows", at: node)
            return nil
        }
        return span
    }

    /// SQLite reports a name too long for the store's side files only as "unable to open database
    /// file", and only when a verb runs: checked here, so `validate` says it.
    private mutating func databaseName(_ text: String, _ path: ConfigPath, _ node: Node) {
        guard !text.contains("://") else { return }
        let name = text.split(separator: "/").last.map(String.init) ?? text
        let limit = ServiceSettings.maximumDatabaseNameBytes
        guard name.utf8.count > limit else { return }
        reader.error(path, "the file name is \(name.utf8.count) bytes; at most \(limit), since a file name holds 255 and the database's side files (-wal, -shm, and the name it is created under) are longer by up to 55", at: node)
    }

    /// A `postgres://` URL must be one the store can use, and must hold no password: that belongs in the
    /// environment (`database_password_env`), so the file can be shown and committed without a secret.
    /// Other schemes are refused rather than taken for a file name with `://` in it.
    private mutating func databaseURL(_ text: String, _ path: ConfigPath, _ node: Node) {
        guard text.contains("://") else { return }
        guard PostgresAddress.isPostgres(text) else {
            reader.error(path, "only postgres:// URLs are supported; for SQLite write the file's path, such as var/failover.sqlite", at: node)
            return
        }
        if case .failure(let problem) = PostgresAddress.parse(text) {
            // Never quoted back: the URL may hold the very password it is refused for.
            reader.error(path, "the PostgreSQL URL \(problem)", at: node)
        }
    }

    mutating func nonEmptyString(_ node: Node, _ path: ConfigPath) -> String? {
        guard let text = reader.string(node, path) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            reader.error(path, "must not be empty", at: node)
            return nil
        }
        return text
    }

    /// The text itself when it is an absolute http(s) URL with a host.
    static func httpURL(_ text: String) -> String? {
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if !host.isEmpty, !text.contains(where: \.isWhitespace) { return text }
        }
        return nil
    }
}
