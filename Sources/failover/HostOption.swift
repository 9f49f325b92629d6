import ArgumentParser
import ConfigLoader
import FailoverEngine

/// `--host NAME` on the verbs that write env files: which dispatcher host this is, on a fleet whose
/// config places instances on hosts.
struct HostOption: ParsableArguments {
    static let variable = "FAILOVER_HOST"

    @Option(help: ArgumentHelp(
        "The dispatcher host this runs on: only its instances' env files are written.",
        discussion: "Default: $FAILOVER_HOST. Required when the config places instances on hosts (agent_types.<type>.hosts).",
        valueName: "name"
    ))
    var host: String?

    func scope(_ config: LoadedConfig, environment: ProcessEnvironment) throws -> HostScope {
        if let host { return try HostScope(config: config.config, host: host, source: "--host") }
        // An empty variable is one set and not filled in: the same as not set.
        let variable = environment.values[Self.variable].flatMap { $0.isEmpty ? nil : $0 }
        return try HostScope(config: config.config, host: variable, source: Self.variable)
    }
}
