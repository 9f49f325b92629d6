import FailoverCore
import Foundation

/// A line of `record` input that passed every check.
package struct ParsedOutcome: Sendable {
    package var line: Int
    package var outcome: TaskOutcome
    package var type: AgentType
}

/// Everything `record` read: the lines to apply and the lines refused.
package struct ParsedLines: Sendable {
    package var accepted: [ParsedOutcome]
    package var rejected: [RejectedLine]
}

/// A line of `record` input that was refused whole.
package struct RejectedLine: Sendable, Hashable, CustomStringConvertible {
    package var line: Int
    package var reason: String

    package var description: String { "line \(line): \(reason)" }
}

/// Reads outcomes as JSON Lines:
/// `{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}`.
/// Unknown keys are ignored, so dispatchers can add their own. Each line stands alone: a line that
/// is too long, not UTF-8, not JSON or out of bounds is rejected with its number and the reason,
/// and every other line is still read.
package struct OutcomeParser {
    /// A task's outcome fits in a few kilobytes; a longer line is refused before it is parsed.
    package static let maximumLineBytes = 1 << 20
    /// Per field, per outcome: far above any real task, far below what sums over a window could overflow on.
    package static let maximumTokens = 1_000_000_000
    /// How far ahead of the clock (or `--now`) an outcome's `at` may be: clocks on one host drift by
    /// seconds, and a time far ahead would hold a cooldown open that long.
    package static let futureAllowance = TimeSpan.minutes(5)
    /// Years an outcome's `at` may name.
    package static let years = Timestamp.inputYears
    /// What is kept of a message and an error type, after redaction; the ledger shows 500
    /// characters of the message.
    static let maximumMessageBytes = 16 << 10
    static let maximumErrorTypeBytes = 256
    /// Outcomes one run applies: about ten seconds under the write lock at the measured rate, well
    /// inside the default `lock_timeout`, so a writer waiting behind any run gets its turn.
    package static let maximumBatch = 1_000_000
    /// Rejections listed one by one; the rest are counted.
    package static let maximumReported = 1000
    /// Suggestions for unknown agents cost a comparison with every agent: only the first few get one.
    static let maximumHints = 100

    package var fleet: FleetIndex
    /// Used when a line has no `at`.
    package var now: Timestamp
    /// Cleans a provider's text before it is cut to size: a cut first could leave a piece of a key
    /// that nothing recognises any more.
    package var redactor: SecretRedactor
    private var hints: [AgentID: String] = [:]
    /// `maximumBatch` and `maximumReported`; smaller in tests.
    /// Reads every line as if it named no `tier` (`simulate --ignore-tiers`): the field is dropped
    /// unread, so a tier outside a chain the proposal shortened is no rejection.
    package var ignoresTiers = false
    package var batchLimit = OutcomeParser.maximumBatch
    package var reportLimit = OutcomeParser.maximumReported
    private var overflow: (first: Int, count: Int)?
    private var unreported: (first: Int, count: Int)?

    package init(fleet: FleetIndex, now: Timestamp, redactor: SecretRedactor) {
        self.fleet = fleet
        self.now = now
        self.redactor = redactor
    }

    package mutating func parse(_ text: String) -> ParsedLines {
        var accepted: [ParsedOutcome] = []
        var rejected: [RejectedLine] = []
        OutcomeLines.read(Data(text.utf8)) { collect($0, into: &accepted, &rejected) }
        finish(&rejected)
        return ParsedLines(accepted: accepted, rejected: rejected)
    }

    /// Adds one line's result to `accepted` or `rejected`; blank lines add nothing. Past
    /// `maximumBatch` accepted outcomes, lines are counted, not read; past `maximumReported`
    /// rejections, they are counted, not listed. Call `finish` after the last line.
    package mutating func collect(_ line: OutcomeLines.Line, into accepted: inout [ParsedOutcome], _ rejected: inout [RejectedLine]) {
        if accepted.count >= batchLimit {
            if case .bytes(let bytes) = line.content, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            if overflow == nil { overflow = (line.number, 0) }
            overflow?.count += 1
            return
        }
        switch parse(line) {
        case nil: break
        case .success(let parsed)?: accepted.append(ParsedOutcome(line: line.number, outcome: parsed.0, type: parsed.1))
        case .failure(let failure)?:
            if rejected.count < reportLimit {
                rejected.append(RejectedLine(line: line.number, reason: failure.reason))
            } else {
                if unreported == nil { unreported = (line.number, 0) }
                unreported?.count += 1
            }
        }
    }

    /// The lines `collect` counted instead of listing: one summary each.
    package mutating func finish(_ rejected: inout [RejectedLine]) {
        if let unreported {
            rejected.append(RejectedLine(line: unreported.first, reason: "this and \(unreported.count - 1) more rejected line(s) after it are not listed one by one (at most \(reportLimit) are)"))
        }
        if let overflow {
            rejected.append(RejectedLine(line: overflow.first, reason: "this and the \(overflow.count - 1) line(s) after it were not read: one run records at most \(batchLimit) outcomes, so that no run holds the write lock for long; send them in another run"))
        }
        unreported = nil
        overflow = nil
    }

    /// nil for a blank line.
    mutating func parse(_ line: OutcomeLines.Line) -> Result<(TaskOutcome, AgentType), Refusal>? {
        switch line.content {
        case .tooLong(let bytes):
            return .failure(Refusal(reason: "the line is \(bytes) bytes long; at most \(Self.maximumLineBytes) bytes (1 MiB) per outcome"))
        case .bytes(let bytes):
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
            // Most lines are ASCII, which is UTF-8: only the others need the full check.
            if !bytes.allSatisfy({ $0 < 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
                return .failure(Refusal(reason: "not UTF-8 (the byte at column \(Self.firstInvalidByte(bytes) + 1) starts no UTF-8 character)"))
            }
            return parse(line: bytes)
        }
    }

    /// The offset of the first byte that breaks UTF-8: the length of the valid prefix.
    static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var valid = 0
        _ = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { unit in
            valid += Unicode.Scalar(unit).map { UTF8.width($0) } ?? 1
        }
        return valid
    }

    struct Refusal: Error {
        var reason: String
    }

    /// One line's bytes, already known to be UTF-8.
    mutating func parse(line: UnsafeBufferPointer<UInt8>) -> Result<(TaskOutcome, AgentType), Refusal> {
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
        var agent, at, outcome, status, errorType, message, inputTokens, outputTokens, tier, retryAfter: FlatJSONValue?

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
            case "retry_after": retryAfter = value
            default: break
            }
        }
    }

    private mutating func outcome(from fields: OutcomeFields) throws -> (TaskOutcome, AgentType) {
        guard case .string(let name)? = fields.agent, !name.isEmpty else {
            throw Refusal(reason: "\"agent\" is required and must be a string")
        }
        let agent = AgentID(name)
        guard let type = fleet.type(of: agent) else {
            throw Refusal(reason: "unknown agent \(Echo.quote(name))\(hint(for: agent)); it must be an instance listed in the config")
        }
        var at = now
        if let value = fields.at, value != .null {
            let reading = if case .string(let text) = value { Timestamp.reading(rfc3339: text) } else { Timestamp.Reading.notATime }
            let parsed: Timestamp
            switch reading {
            case .time(let time): parsed = time
            case .notATime:
                throw Refusal(reason: "\"at\" must be an RFC 3339 time such as 2026-11-24T10:00:00Z, got \(value.display)")
            case .outside(let year):
                throw Refusal(reason: "\"at\" \(value.display) is outside the years \(Self.years.lowerBound)-\(Self.years.upperBound) (in UTC it falls in \(year))")
            }
            if parsed > now + Self.futureAllowance {
                throw Refusal(reason: "\"at\" \(parsed) is \(Self.spoken(parsed.seconds(since: now))) ahead of the clock (\(now)); at most \(Self.futureAllowance) ahead is accepted: check the dispatcher's clock")
            }
            at = parsed
        }
        let tier = ignoresTiers ? nil : try integer(fields.tier, "tier")
        if let tier, !(1...type.chain.count).contains(tier) {
            throw Refusal(reason: "\"tier\" \(fields.tier?.display ?? String(tier)) is outside the \(type.chain.count)-tier chain of type \(type.name)")
        }
        // Checked on every line, so a dispatcher's bad field shows on its first success too.
        let retryAfter = try Self.retryAfter(fields.retryAfter, at: at)
        let inputTokens = try tokens(fields.inputTokens, "input_tokens")
        let outputTokens = try tokens(fields.outputTokens, "output_tokens")
        let result: TaskOutcome.Result
        switch fields.outcome {
        case .string("success")?:
            result = .success
        case .string("error")?:
            let status = try integer(fields.status, "status")
            if let status, !(100...599).contains(status) {
                throw Refusal(reason: "\"status\" \(fields.status?.display ?? String(status)) is not an HTTP status (100-599); leave it out when no response came back")
            }
            // Cut to what the ledger can show and the classifier needs: a megabyte of message must not
            // be lowercased and searched thirty times inside the write transaction. Redacted first,
            // here, outside the write lock.
            let errorType = try string(fields.errorType, "error_type").map { redactor.redactedPrefix($0, maximumBytes: Self.maximumErrorTypeBytes) }
            let message = try string(fields.message, "message").map { redactor.redactedPrefix($0, maximumBytes: Self.maximumMessageBytes) }
            result = .error(ErrorReport(status: status, errorType: errorType, message: message, retryAfter: retryAfter))
        default:
            throw Refusal(reason: "\"outcome\" must be \"success\" or \"error\", got \(fields.outcome?.display ?? "nothing")")
        }
        return (TaskOutcome(agent: agent, at: at, result: result, inputTokens: inputTokens, outputTokens: outputTokens, tier: tier), type)
    }

    private func tokens(_ value: FlatJSONValue?, _ key: String) throws -> Int {
        let count = try integer(value, key) ?? 0
        guard count >= 0 else { throw Refusal(reason: "\"\(key)\" must not be negative, got \(value?.display ?? String(count))") }
        guard count <= Self.maximumTokens else {
            throw Refusal(reason: "\"\(key)\" \(value?.display ?? String(count)) is over the maximum of \(Self.maximumTokens) per outcome")
        }
        return count
    }

    /// `did you mean` for the first few unknown names; the same name asks once.
    private mutating func hint(for agent: AgentID) -> String {
        if let known = hints[agent] { return known }
        guard hints.count < Self.maximumHints else { return "" }
        let hint = DidYouMean.hint(for: agent, among: Array(fleet.agents))
        hints[agent] = hint
        return hint
    }

    /// `3h`, `36d`: how far off a time is, roughly.
    static func spoken(_ seconds: Int64) -> String {
        let span = TimeSpan(seconds: Int(clamping: seconds))
        return seconds >= 2 * 86_400 ? "\(seconds / 86_400)d" : span.description
    }

    /// A whole number; one beyond Int's range reads as Int's nearest end, which every bound refuses,
    /// and the messages quote the number as written.
    private func integer(_ value: FlatJSONValue?, _ key: String) throws -> Int? {
        switch value {
        case nil, .null?: return nil
        case .integer(let number)?: return number
        case .hugeInteger(_, let negative)?: return negative ? .min : .max
        case .fraction(let text)?: throw Refusal(reason: "\"\(key)\" must be a whole number, got \(FlatJSONValue.number(text)), which is not one")
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
