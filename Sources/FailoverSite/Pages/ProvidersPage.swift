import FailoverCore
import Foundation

/// `providers.html`: "is this provider down?" Per provider named in a chain, the agents on it now and
/// the failovers away from it over the last hour and day, by failure kind. Rebuilt by every render:
/// the hour and the day slide with the clock.
struct ProvidersPage: SiteArtifact {
    var chrome: PageChrome
    var activity: ProviderActivity
    /// The providers that are tier 1 of some chain: only they receive recoveries.
    var firstTiers: Set<ProviderName>
    var now: Timestamp
    /// Live, over the instances whose chain starts with the provider (`FleetHistory`).
    var history: [ProviderName: TierHistory]

    init(_ snapshot: SiteSnapshot, activity: ProviderActivity) {
        chrome = snapshot.chrome(depth: 0, title: "Providers", section: .providers, live: true)
        self.activity = activity
        firstTiers = Set(snapshot.fleet.agentTypes.compactMap { $0.chain.first?.provider })
        now = snapshot.now
        history = snapshot.history.providers
    }

    var paths: [String] { ["providers.html"] }
    var freshness: Freshness { .live }

    /// A provider's section: `providers.html#provider-anthropic`.
    static func anchor(_ provider: ProviderName) -> String { "provider-" + provider.rawValue }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("providers", chrome, context)]
    }

    var context: [String: Any] {
        ["providers": activity.providers.map(context), "hasProviders": !activity.providers.isEmpty]
    }

    func context(_ provider: ProviderActivity.Provider) -> [String: Any] {
        var context: [String: Any] = [
            "name": provider.name.rawValue,
            "anchor": Self.anchor(provider.name),
            "placements": provider.placements.joined(separator: "; "),
            "running": provider.running,
            "hour": Self.failures(provider.hour),
            "day": Self.failures(provider.day),
            "failingNow": provider.hour.events > 0,
            "firstTier": firstTiers.contains(provider.name),
        ]
        if provider.pausedOn > 0 { context["pausedOn"] = provider.pausedOn }
        if let history = history[provider.name] {
            context["history"] = HistoryBarsHTML.block(history, subject: "provider \(provider.name.rawValue), instances whose tier 1 it is")
        }
        if let at = provider.lastFailed { context["lastFailed"] = Self.time(at) }
        if let at = provider.lastRecovered { context["lastRecovered"] = Self.time(at) }
        return context
    }

    static func failures(_ failures: ProviderActivity.Failures) -> [String: Any] {
        let agents = failures.agents.count
        var context: [String: Any] = [
            "any": failures.events > 0,
            "agents": "\(agents) \(agents == 1 ? "agent" : "agents")",
            "kinds": failures.kindsText,
        ]
        // Said only when some agent failed away more than once.
        if failures.events != agents { context["events"] = "\(failures.events) failovers" }
        return context
    }

    static func time(_ at: Timestamp) -> [String: Any] { ["at": at.description, "display": Format.time(at)] }
}
