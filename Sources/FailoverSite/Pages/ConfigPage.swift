import FailoverCore
import Foundation

/// `config.html`: chains, policies, providers and current warnings, rebuilt by every render. Names of
/// key variables only: never a key, never an environment value.
struct ConfigPage: SiteArtifact {
    struct Setting: Hashable, Sendable {
        var key: String
        var value: String
    }

    struct TypeCard: Hashable, Sendable {
        var name: String
        var mode: AgentMode
        var legacy: Bool
        var instances: [String]
        /// Which dispatcher host runs which instances; empty under one dispatcher.
        var hosts: [HostPlacement]
        var chain: [ChainEntry]
        var cooldown: String
        var onExhausted: String
        var triggers: [String]
        var serverErrorAfter: Int
        /// `outage_after`, said as what it does.
        var outageStep: String
        /// `backoff` and the longest cooldown (`max_cooldown` or its default), written out.
        var flapDamping: String
        var maxCooldown: String
        var budget: Int?
        /// Whether the budget steps instances down, and if not, why not (as the budget page says it).
        var budgetPolicy: String

        init(_ type: AgentType, window: UsageWindow) {
            name = type.name.rawValue
            mode = type.mode
            legacy = type.isLegacy
            instances = type.instances.map(\.rawValue)
            hosts = type.hosts
            chain = type.chain
            cooldown = type.failover.cooldown.description
            onExhausted = type.failover.onExhausted.rawValue
            triggers = type.failover.orderedTriggers.map(\.rawValue)
            serverErrorAfter = type.failover.serverErrorAfter
            outageStep = type.failover.outageAfter.map { "the others follow once \($0) instances leave one provider within \(type.failover.cooldown)" }
                ?? "off: each instance moves on its own failures"
            let longest = max(type.failover.cooldown, type.failover.retryAfterCap)
            flapDamping = type.failover.backoff <= 1 ? "off (backoff 1): flaps are counted, the cooldown stays"
                : "each consecutive flap multiplies the cooldown by \(StepCooldown.number(type.failover.backoff)), up to \(longest)"
            maxCooldown = longest.description
            budget = type.usageThresholdTokens
            budgetPolicy = BudgetPage.policy(type, window: window)
        }

        /// A chain of one never moves: its policy would only mislead.
        var moves: Bool { chain.count > 1 }

        var context: [String: Any] {
            [
                "name": name, "mode": mode.rawValue, "legacy": legacy,
                // Each name unbroken (`.id`), with a break allowed between them only.
                "instances": instances.enumerated().map { ["name": $1, "last": $0 == instances.count - 1] as [String: Any] },
                "hosts": hosts.map { placement in
                    [
                        "host": placement.host.rawValue,
                        "instances": placement.instances.enumerated().map { ["name": $1.rawValue, "last": $0 == placement.instances.count - 1] as [String: Any] },
                    ] as [String: Any]
                },
                "chain": ChainStep.steps(chain).map(\.context),
                "cooldown": cooldown, "onExhausted": onExhausted,
                "triggers": triggers.joined(separator: ", "), "moves": moves,
                "serverErrorAfter": serverErrorAfter, "outageStep": outageStep,
                "flapDamping": flapDamping, "maxCooldown": maxCooldown,
                "budget": budget.map { Format.number($0) + " tokens" } ?? "none",
                "budgetPolicy": budget == nil ? "" : budgetPolicy,
            ]
        }
    }

    /// A provider some chain uses: where it is and which variable holds its key (never the key).
    struct ProviderRow: Hashable, Sendable {
        var name: String
        var baseURL: String
        var keyVariable: String?
        var credential: String
    }

    struct ControlRow: Hashable, Sendable {
        var agent: String
        var entry: String
    }

    var chrome: PageChrome
    var service: [Setting]
    var types: [TypeCard]
    var providers: [ProviderRow]
    var control: [ControlRow]
    var warnings: [String]

    init(_ snapshot: SiteSnapshot) {
        let fleet = snapshot.fleet
        let settings = fleet.service
        chrome = snapshot.chrome(depth: 0, title: "Config", section: .config, live: true)
        service = [
            Setting(key: "usage_window", value: settings.usageWindow.description),
            Setting(key: "stale_after", value: settings.staleAfter.description),
            Setting(key: "refresh", value: settings.refresh.seconds == 0 ? "off" : settings.refresh.description),
            Setting(key: "site_title", value: settings.siteTitle),
            Setting(key: "base_url", value: settings.baseURL ?? "not set"),
        ]
        types = fleet.agentTypes.map { TypeCard($0, window: fleet.service.usageWindow) }
        let used = Set(fleet.agentTypes.flatMap { $0.chain.map(\.provider) })
        providers = fleet.providers.names.filter(used.contains).compactMap { fleet.providers[$0] }.map { provider in
            ProviderRow(name: provider.name.rawValue, baseURL: provider.baseURL, keyVariable: provider.apiKeyEnv, credential: provider.credentialVariable.rawValue)
        }
        control = fleet.control.keys.sorted().compactMap { agent in
            guard let entry = fleet.control[agent] else { return nil }
            var parts: [String] = []
            if let paused = entry.paused { parts.append("paused: \(paused)") }
            if let reset = entry.reset { parts.append("reset: \(reset)") }
            return ControlRow(agent: agent.rawValue, entry: parts.joined(separator: ", "))
        }
        // The config file's name without its folder: the site should not reveal server paths.
        let file = snapshot.config.file.split(separator: "/").last.map(String.init) ?? snapshot.config.file
        warnings = snapshot.config.warnings.map { $0.formatted(file: file) }
    }

    var paths: [String] { ["config.html"] }
    var freshness: Freshness { .live }

    func render(events _: [LedgerEvent], kit: RenderKit) throws -> [Data] {
        [try kit.page("config", chrome, context)]
    }

    var context: [String: Any] {
        [
            "service": service.map { ["key": $0.key, "value": $0.value] },
            "types": types.map(\.context),
            "providers": providers.map { ["name": $0.name, "baseURL": $0.baseURL, "keyVariable": $0.keyVariable ?? "none (keyless)", "credential": $0.credential] },
            "control": control.map { ["agent": $0.agent, "entry": $0.entry] },
            "hasControl": !control.isEmpty,
            "warnings": warnings.map { ["text": $0] },
            "hasWarnings": !warnings.isEmpty,
        ]
    }
}
