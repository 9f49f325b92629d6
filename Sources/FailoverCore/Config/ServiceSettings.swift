/// The `service:` block. Paths are as written; the loader resolves them against the config file's folder.
public struct ServiceSettings: Sendable, Hashable {
    /// A SQLite file's path, or a `postgres://` URL (`PostgresAddress`).
    public var database: String
    /// The environment variable holding a PostgreSQL database's password: never the config itself.
    public var databasePasswordEnv: String?
    public var envDir: String
    public var siteDir: String
    public var usageWindow: UsageWindow
    public var siteTitle: String
    /// Absolute, ending in `/`; used for absolute URLs in feeds.
    public var baseURL: String?
    /// A page older than this marks itself stale: the batch job has probably stopped.
    public var staleAfter: TimeSpan
    /// How long a verb waits for another process's write transaction before giving up (exit 75, nothing
    /// written). Long enough by default to outlast any write a batch can make, so a small `record`
    /// queues behind a large one instead of losing its outcomes.
    public var lockTimeout: TimeSpan
    /// How often a page reloads itself without script (`<meta http-equiv="refresh">`), so a tab
    /// left open stays current, and visibly stale (its generation time stops moving) when renders
    /// stop. Zero turns it off.
    public var refresh: TimeSpan

    /// The longest `lockTimeout` accepted: a writer holding the lock longer than this is stuck, not busy.
    public static let maximumLockTimeout = TimeSpan.hours(1)

    /// A page reloading less often than hourly is stale long before it says so; more often than
    /// every 10s it mostly fetches what it already shows (renders follow dispatch cycles).
    public static let maximumRefresh = TimeSpan.hours(1)
    public static let minimumRefresh = TimeSpan(seconds: 10)

    /// A page that cannot tell it is stale for a month is not telling anyone anything.
    public static let maximumStaleAfter = TimeSpan.days(30)
    /// The longest file name `database` may end in, in bytes. A file name holds at most 255 bytes
    /// (NAME_MAX on Linux and macOS), and the store makes longer ones from it: a new database is built
    /// as `.<name>.creating-<UUID>` (47 more) before it is linked into place, with SQLite's
    /// `-journal` (8 more) beside that; `-wal` and `-shm` fit in what is left.
    public static let maximumDatabaseNameBytes = 255 - ".".utf8.count - ".creating-".utf8.count - 36 - "-journal".utf8.count

    /// Long enough for any site name; a title is shown in every page's header and tab.
    public static let maximumTitleLength = 200

    public init(
        database: String = "var/failover.sqlite",
        envDir: String = "var/env",
        siteDir: String = "public",
        usageWindow: UsageWindow = .span(.hours(24)),
        siteTitle: String = "Agent fleet status",
        baseURL: String? = nil,
        staleAfter: TimeSpan = .minutes(15),
        lockTimeout: TimeSpan = .minutes(1),
        refresh: TimeSpan = .minutes(1),
        databasePasswordEnv: String? = nil
    ) {
        self.database = database
        self.databasePasswordEnv = databasePasswordEnv
        self.envDir = envDir
        self.siteDir = siteDir
        self.usageWindow = usageWindow
        self.siteTitle = siteTitle
        self.baseURL = baseURL
        self.staleAfter = staleAfter
        self.lockTimeout = lockTimeout
        self.refresh = refresh
    }
}
