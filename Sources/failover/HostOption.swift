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

    /// For `cycle`: a host the config does not know is refused, before anything is written.
    func scope(_ config: LoadedConfig, environment: ProcessEnvironment) throws -> HostScope {
        let (name, source) = try given(environment)
        return try HostScope(config: config.config, host: name, source: source)
    }

    /// For `record`: whatever the host, every line is recorded; a host problem only stops env files
    /// being written here, and is returned to be said.
    func recordingScope(_ config: LoadedConfig, environment: ProcessEnvironment) -> (scope: HostScope, problem: HostScopeError?) {
        do {
            let (name, source) = try given(environment)
            return HostScope.recording(config: config.config, host: name, source: source)
        } catch {
            return (HostScope.ownsNothing(config.config), error)
        }
    }

    private func given(_ environment: ProcessEnvironment) throws(HostScopeError) -> (String?, String) {
        if let host { return (host, "--host") }
        if environment.notUTF8.contains(Self.variable) { throw .notUTF8(source: Self.variable) }
        // An empty variable is one set and not filled in: the same as not set.
        return (environment.values[Self.variable].flatMap { $0.isEmpty ? nil : $0 }, Self.variable)
    }
}
