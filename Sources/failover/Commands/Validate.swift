import ArgumentParser
import ConfigLoader
import FailoverCore
import FailoverEngine
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the config file; exit 0 when valid (warnings allowed), 1 when not.",
        discussion: "Problems are printed one per line as FILE:LINE:COL: error|warning: PATH: MESSAGE."
    )

    @OptionGroup var config: ConfigOption

    @Flag(help: "Print the report as JSON on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only problems, not the fleet summary.")
    var quiet = false

    func run() throws {
        let report = try ConfigLoader.check(path: config.path)
        if let fleet = report.config { Console.learn(fleet.providers) }
        if json {
            Console.out(ValidationJSON.value(report).serialized(htmlSafe: false), terminator: "")
        } else {
            for diagnostic in report.diagnostics {
                Console.error(diagnostic.formatted(file: report.file))
            }
            let errors = report.errorCount, warnings = report.warningCount
            if let fleet = report.config {
                if !quiet {
                    Console.out("\(report.file): valid: \(fleet.agentTypes.count) agent types, \(fleet.instances.count) instances, \(warnings) warning(s)")
                    Console.out(FleetSummary.lines(fleet).joined(separator: "\n"))
                }
            } else {
                Console.error("\(report.file): invalid: \(errors) error(s), \(warnings) warning(s)")
            }
        }
        if !report.isValid { throw ExitCode(ExitStatus.userError.rawValue) }
    }
}

/// `validate --json`.
enum ValidationJSON {
    static func value(_ report: ConfigReport) -> JSONValue {
        func problems(_ list: [Diagnostic]) -> JSONValue {
            .array(list.map { problem in
                .object([
                    "path": .string(problem.path.description), "line": .optional(problem.line),
                    "column": .optional(problem.column), "message": .string(problem.message),
                ])
            })
        }
        var fields: JSONObject = [
            "file": .string(report.file),
            "valid": .bool(report.isValid),
            "errors": problems(report.diagnostics.errors),
            "warnings": problems(report.diagnostics.warnings),
            // The lists stop at ConfigLoader.maximumListed; these count everything found.
            "error_count": .integer(report.errorCount),
            "warning_count": .integer(report.warningCount),
        ]
        if let config = report.config {
            fields["agent_types"] = .array(config.agentTypes.map { type in
                .object([
                    "name": .name(type.name), "mode": .string(type.mode.rawValue),
                    "instances": .array(type.instances.map { .name($0) }),
                    // As status.json has it: host name -> its instances; null under one dispatcher.
                    "hosts": type.hosts.isEmpty ? .null : .object(JSONObject(Dictionary(type.hosts.map { ($0.host.rawValue, JSONValue.array($0.instances.map { .name($0) })) }) { first, _ in first })),
                    "chain": .array(type.chain.map { .object(["provider": .name($0.provider), "model": .string($0.model)]) }),
                ])
            })
        }
        return .object(fields)
    }
}
