import ArgumentParser

struct FailoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract: "Multi-provider failover for a fleet of LLM coding agents.",
        discussion: """
            Exit status:
              0   success
              1   user error (bad config or input, damaged or foreign database): fix it
              2   internal error (a bug): report it
              75  database locked for service.lock_timeout, nothing written: retry later
            The config is --config PATH, else $FAILOVER_CONFIG, else ./failover.yaml.
            """,
        subcommands: [Validate.self, Cycle.self, Record.self, Outcomes.self, Simulate.self, Status.self, Events.self, Verify.self, Backup.self, Render.self, Metrics.self, Demo.self, Bench.self, MigrateStore.self]
    )
}
