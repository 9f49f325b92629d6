import ArgumentParser
import FailoverEngine
import Foundation

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply task outcomes (JSON Lines) to failover state.",
        discussion: """
            Run by the dispatcher after tasks. Each line:
              {"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,
               "error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}
            outcome is success or error; at defaults to now; tier is the tier the task ran on, when known.
            A bad line (not UTF-8, over 1 MiB, not JSON, out of bounds) is reported with its number and rejected
            whole; the good lines are applied; the exit status is 1 if any line was rejected. With --json, prints
            one result per accepted line (JSON Lines), and one per instance the outage step moved (source "outage").
            """
    )

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption
    @OptionGroup var host: HostOption

    @Option(help: ArgumentHelp("Read outcomes from this file instead of stdin.", valueName: "path"))
    var file: String?

    @Flag(help: "Print one JSON result per accepted line.")
    var json = false

    func run() throws {
        let loaded = try Session.load(config)
        let environment = ProcessEnvironment.current
        // Refusing the batch over the host would lose its outcomes: they are recorded, and only the
        // env files wait for a cycle on the right host.
        let (scope, hostProblem) = host.recordingScope(loaded, environment: environment)
        if let hostProblem {
            EventLog.logger.warning("\(hostProblem.operatorMessage); every line is recorded, but no env file is written here: the next cycle on each agent's own host writes them")
        }
        let input = try InputFile.open(file)
        let store = try Session.open(loaded)
        var runner = RecordRunner(config: loaded, store: store, environment: environment.values)
        runner.variablesNotUTF8 = environment.notUTF8
        runner.scope = scope
        let report = try runner.run(reading: input, now: try now.timestamp())
        EventLog.log(report.events)
        for warning in report.warnings { EventLog.logger.warning("\(warning)") }
        for rejected in report.rejected { Console.error("\(file ?? "stdin"): \(rejected)") }
        if json {
            for result in report.results { Console.out(result.json.serialized(pretty: false, htmlSafe: false), terminator: "") }
        } else {
            for result in report.results where result.moved {
                let cause = result.source == .outage ? "\(result.kind), outage step" : "\(result.kind)"
                Console.out("\(result.agent): tier \(result.fromTier) → \(result.toTier)\(result.paused ? ", paused" : "") (\(cause))\(result.recreate ? ", recreate" : "")")
            }
            let outcomes = report.outcomes
            let followed = report.results.count - outcomes.count
            Console.out("recorded \(outcomes.count) outcome(s), \(outcomes.filter(\.moved).count) moved\(followed > 0 ? ", \(followed) moved by the outage step" : ""), \(report.rejected.count) rejected")
        }
        Delivery.record { try runner.delivered(report) }
        if !report.rejected.isEmpty { throw ExitCode(ExitStatus.userError.rawValue) }
    }
}
