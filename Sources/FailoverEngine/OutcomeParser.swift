import FailoverCore

/// A line of `record` input that passed every check.
public struct ParsedOutcome: Sendable {
    public var line: Int
    public var outcome: TaskOutcome
    public var type: AgentType
}

/// A line of `record` input that was refused whole.
public struct RejectedLine: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { "line \(line): \(reason)" }
}

/// Reads outcomes as JSON Lines:
/// `{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}`.
/// Unknown keys are ignored, so dispatchers can add their own.
public struct OutcomeParser {
    public var fleet: FleetIndex
    /// Used when a line has no `at`.
    public var now: Timestamp

    public init(fleet: FleetIndex, now: Timestamp) {
        self.fleet = fleet
        self.now = now
    }

    public func parse(_ text: String) -> (accepted: [ParsedOutcome], rejected: [RejectedLine]) {
        var accepted: [ParsedOutcome] = []
        var rejected: [RejectedLine] = []
        var number = 0
        // Split on bytes: splitting a String by Character costs more than parsing the line.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let line = Substring(bytes)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            switch parse(line: line) {
            case .success(let parsed): accepted.append(ParsedOutcome(line: number, outcome: parsed.0, type: parsed.1))
            case .failure(let failure): rejected.append(RejectedLine(line: number, reason: failure.reason))
            }
        }
        return (accepted, rejected)
    }

    struct Refusal: Error {
        var reason: String
    }

    func parse(line: Substring) -> Result<(TaskOutcome, AgentType), Refusal> {
        var fields = OutcomeFields()
        do {
            try FlatJSON.forEachField(line) { key, value in fields.set(key, value) }
            return .success(try outcome(from: fields))
        } catch let malformed as FlatJSON.Malformed {
            return .failure(Refusal(reason: "not valid JSON: \(malformed.reason)"))
        } catch let refusal as Refusal {
            return .failure(refusal)
        } catch {
            return .failure(Refusal(reason: "\(error)"))
        }
    }

    /// The keys an outcome line may carry; others are ignored.
    struct OutcomeFields {
        var agent, at, outcome, status, errorType, message, inputTokens, outputTokens, tier: FlatJSONValue?

        mutating func set(_ key: String, _ value: FlatJSONValue) {
            switch key {
            case "agent": agent = value
            case "at": at = value
            case "outcome": outcome = value
            case "status": status = value
            case "error_type": errorType = value
            case "message": message = value
            case "input_tokens": inputTokens = value
            case "output_tokens": outputTokens = value
            case "tier": tier = value
            default: break
            }
        }
    }

    private func outcome(from fields: OutcomeFields) throws -> (TaskOutcome, AgentType) {
        guard case .string(let agent)? = fields.agent, !agent.isEmpty else {
            throw Refusal(reason: "\"agent\" is required and must be a string")
        }
        guard let type = fleet.type(of: agent) else {
            throw Refusal(reason: "unknown agent \"\(agent)\"\(DidYouMean.hint(for: agent, among: Array(fleet.agents))); it must be an instance listed in the config")
        }
        var at = now
        if let value = fields.at, value != .null {
            guard case .string(let text) = value, let parsed = Timestamp(rfc3339: text) else {
                throw Refusal(reason: "\"at\" must be an RFC 3339 time such as 2026-11-24T10:00:00Z, got \(value.display)")
            }
            at = parsed
        }
        let tier = try integer(fields.tier, "tier")
        if let tier, !(1...type.chain.count).contains(tier) {
            throw Refusal(reason: "\"tier\" \(tier) is outside the \(type.chain.count)-tier chain of type \(type.name)")
        }
        let inputTokens = try integer(fields.inputTokens, "input_tokens") ?? 0
        let outputTokens = try integer(fields.outputTokens, "output_tokens") ?? 0
        guard inputTokens >= 0, outputTokens >= 0 else {
            throw Refusal(reason: "\"input_tokens\" and \"output_tokens\" must not be negative")
        }
        let result: TaskOutcome.Result
        switch fields.outcome {
        case .string("success")?:
            result = .success
        case .string("error")?:
            let status = try integer(fields.status, "status")
            if let status, !(100...599).contains(status) {
                throw Refusal(reason: "\"status\" \(status) is not an HTTP status (100-599); leave it out when no response came back")
            }
            result = .error(ErrorReport(status: status, errorType: try string(fields.errorType, "error_type"), message: try string(fields.message, "message")))
        default:
            throw Refusal(reason: "\"outcome\" must be \"success\" or \"error\", got \(fields.outcome?.display ?? "nothing")")
        }
        return (TaskOutcome(agent: agent, at: at, result: result, inputTokens: inputTokens, outputTokens: outputTokens, tier: tier), type)
    }

    private func integer(_ value: FlatJSONValue?, _ key: String) throws -> Int? {
        switch value {
        case nil, .null?: return nil
        case .integer(let number)?: return number
        case let other?: throw Refusal(reason: "\"\(key)\" must be a whole number, got \(other.display)")
        }
    }

    private func string(_ value: FlatJSONValue?, _ key: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw Refusal(reason: "\"\(key)\" must be a string, got \(other.display)")
        }
    }
}
