import ArgumentParser
import ConfigLoader
import FailoverCore
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
            Console.out(try JSONOutput.encode(ValidationJSON(report)))
        } else {
            for diagnostic in report.diagnostics {
                Console.error(diagnostic.formatted(file: report.file))
            }
            let errors = report.diagnostics.errors.count
            let warnings = report.diagnostics.warnings.count
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
struct ValidationJSON: Encodable {
    struct Problem: Encodable {
        var path: String
        var line: Int?
        var column: Int?
        var message: String
    }

    struct TypeSummary: Encodable {
        var name: String
        var mode: String
        var instances: [String]
        var chain: [ChainEntry]
    }

    var file: String
    var valid: Bool
    var errors: [Problem]
    var warnings: [Problem]
    var agentTypes: [TypeSummary]?

    init(_ report: ConfigReport) {
        func problems(_ list: [Diagnostic]) -> [Problem] {
            list.map { Problem(path: $0.path.description, line: $0.line, column: $0.column, message: $0.message) }
        }
        file = report.file
        valid = report.isValid
        errors = problems(report.diagnostics.errors)
        warnings = problems(report.diagnostics.warnings)
        agentTypes = report.config?.agentTypes.map {
            TypeSummary(name: $0.name, mode: $0.mode.rawValue, instances: $0.instances, chain: $0.chain)
        }
    }

    enum CodingKeys: String, CodingKey {
        case file, valid, errors, warnings
        case agentTypes = "agent_types"
    }
}
