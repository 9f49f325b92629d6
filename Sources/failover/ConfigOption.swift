import ArgumentParser
import ConfigLoader

/// `--config PATH`, shared by every verb that reads the config.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file.", discussion: "Default: $FAILOVER_CONFIG, else ./failover.yaml.", valueName: "path"))
    var config: String?

    var path: String { ConfigLoader.locate(option: config) }
}
