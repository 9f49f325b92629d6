/// The `service:` block. Paths are as written; the loader resolves them against the config file's folder.
public struct ServiceSettings: Sendable, Hashable {
    public var database: String
    public var envDir: String
    public var siteDir: String
    public var usageWindow: UsageWindow
    public var siteTitle: String
    /// Absolute, ending in `/`; used for absolute URLs in feeds.
    public var baseURL: String?
    /// A page older than this marks itself stale: the batch job has probably stopped.
    public var staleAfter: TimeSpan

    /// A page that cannot tell it is stale for a month is not telling anyone anything.
    public static let maximumStaleAfter = TimeSpan.days(30)
    /// Long enough for any site name; a title is shown in every page's header and tab.
    public static let maximumTitleLength = 200

    public init(
        database: String = "var/failover.sqlite",
        envDir: String = "var/env",
        siteDir: String = "public",
        usageWindow: UsageWindow = .span(.hours(24)),
        siteTitle: String = "Agent fleet status",
        baseURL: String? = nil,
        staleAfter: TimeSpan = .minutes(15)
    ) {
        self.database = database
        self.envDir = envDir
        self.siteDir = siteDir
        self.usageWindow = usageWindow
        self.siteTitle = siteTitle
        self.baseURL = baseURL
        self.staleAfter = staleAfter
    }
}
