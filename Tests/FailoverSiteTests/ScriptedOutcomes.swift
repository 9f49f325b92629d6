import FailoverCore
import FailoverEngine
import Foundation

/// Outcomes written as the dispatcher writes them, run through the real `cycle` and `record`
/// runners into the fleet's store: the ledger the pages are checked against is a real one.
extension RenderedFleet {
    enum Outcome: String {
        case auth = #""outcome":"error","status":401,"error_type":"authentication_error","message":"bad key""#
        case rateLimit = #""outcome":"error","status":429,"error_type":"rate_limit_error","message":"slow down""#
        case success = #""outcome":"success""#
        /// A success that spends 1,100 tokens: over the default fixture's coder budget of 1,000 on its own.
        case heavySuccess = #""outcome":"success","input_tokens":900,"output_tokens":200"#
    }

    /// One `cycle`: creates the agents and applies the config's `control:` entries.
    func cycle(at now: Timestamp) throws {
        _ = try CycleRunner(config: try config(), store: try store(), environment: environment).run(now: now)
    }

    /// One `record` of these outcomes, in order, at their times.
    func record(_ outcomes: [(agent: String, at: Timestamp, outcome: Outcome)], now: Timestamp) throws {
        let lines = outcomes.map { #"{"agent":"\#($0.agent)","at":"\#($0.at)",\#($0.outcome.rawValue)}"# }
        _ = try RecordRunner(config: try config(), store: try store(), environment: environment).run(input: lines.joined(separator: "\n"), now: now)
    }

    /// Replaces the config file, as an operator's edit does.
    func edit(yaml: String) throws {
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }
}
