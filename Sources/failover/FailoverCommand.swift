import ArgumentParser

struct FailoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract: "Multi-provider failover for a fleet of LLM coding agents.",
        discussion: """
            Exit status: 0 success, 1 user error (bad config, bad input), 2 internal error.
            The config is --config PATH, else $FAILOVER_CONFIG, else ./failover.yaml.
            """,
        subcommands: [Validate.self, Cycle.self, Record.self, Status.self, Events.self, Verify.self, Render.self, Demo.self, Bench.self]
    )
}
