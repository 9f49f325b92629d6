import ArgumentParser
import FailoverCore
import FailoverEngine
import Foundation

struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the fleet's Prometheus metrics, or write them for node_exporter's textfile collector.",
        discussion: """
            The same families as the site's metrics.prom (specs/exports.md), stamped with
            failover_metrics_generated_timestamp_seconds. With --textfile the file is written beside and renamed into
            place, so a scrape never sees half of it; run it from the dispatcher's loop or a timer.
            """
    )

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption

    @Option(help: ArgumentHelp("Write here (atomically) instead of standard output; must end in .prom.", valueName: "path"))
    var textfile: String?

    func run() throws {
        if let textfile {
            try PathArgument.checkCreatable(textfile, named: "--textfile")
            if let problem = MetricsTextfile.problem(with: textfile) { throw CommandFailure.user(problem) }
        }
        let loaded = try Session.load(config)
        let store = try Session.open(loaded)
        let moment = try now.timestamp()
        let text = try store.read { try FleetMetrics.read(config: loaded.config, reader: $0, now: moment) }.prometheusText(.generated)
        guard let textfile else {
            Console.out(text, terminator: "")
            return
        }
        do {
            try MetricsTextfile.write(text, to: textfile)
        } catch {
            throw CommandFailure.user("\(error.description); nothing was replaced (check the folder exists and this user may write to it)")
        }
        Console.out("wrote \(text.utf8.count) bytes of metrics to \(textfile)")
    }
}
