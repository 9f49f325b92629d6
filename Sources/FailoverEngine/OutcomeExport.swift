import FailoverCore

/// `failover outcomes`: a recorded outcome written back as the line `record` reads
/// (specs/failover.md, "failover outcomes"), keys in the order of the documented example, absent
/// fields left out. Recording the lines again reproduces the same states and ledger kinds.
package enum OutcomeExport {
    /// What a row recorded before failover kept outcome details says for an error: a status and error
    /// type that every provider's classifier rules file under the kind the row was classified as then.
    static func standIn(for kind: FailureKind) -> (status: Int, errorType: String) {
        switch kind {
        case .auth: (401, "authentication_error")
        case .quota: (402, "billing_error")
        case .rateLimit: (429, "rate_limit_error")
        case .serverError: (500, "api_error")
        case .tokenBudget, .other: (400, "invalid_request_error")
        }
    }

    package static let standInMessage = "recorded before failover kept error details; stand-in for the kind it was classified as"

    /// One line, with its line break.
    package static func line(_ entry: UsageEntry) -> String {
        var line = JSONLine()
        line.string("agent", entry.agent.rawValue)
        line.string("at", entry.at.description)
        let details = entry.details
        switch entry.outcome {
        case .success:
            line.string("outcome", "success")
        case .failure(let kind):
            line.string("outcome", "error")
            if let details {
                if let status = details.status { line.integer("status", status) }
                if let errorType = details.errorType { line.string("error_type", errorType) }
                if let message = details.message { line.string("message", message) }
            } else {
                let standIn = standIn(for: kind)
                line.integer("status", standIn.status)
                line.string("error_type", standIn.errorType)
                line.string("message", standInMessage)
            }
        }
        line.integer("input_tokens", entry.inputTokens)
        line.integer("output_tokens", entry.outputTokens)
        if let tier = details?.statedTier { line.integer("tier", tier) }
        if let retryAfter = details?.retryAfter { line.integer("retry_after", retryAfter.seconds) }
        return line.finished()
    }
}

/// A flat JSON object built as text. Every character the CLI would otherwise escape for the
/// terminal (`TerminalText.isControl`: C0, DEL, C1, bidirectional marks, line separators) is
/// written as a JSON `\uXXXX` escape, so the line is plain, prints unchanged and parses back
/// to the same text.
struct JSONLine {
    private var text = "{"
    private var empty = true

    mutating func string(_ key: String, _ value: String) {
        field(key)
        Self.quote(value, into: &text)
    }

    mutating func integer(_ key: String, _ value: Int) {
        field(key)
        text += String(value)
    }

    func finished() -> String { text + "}\n" }

    private mutating func field(_ key: String) {
        if !empty { text += "," }
        empty = false
        Self.quote(key, into: &text)
        text += ":"
    }

    static func quote(_ value: String, into text: inout String) {
        text += "\""
        // Most values (names, times, provider types) need no escape: one byte scan, one append.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            default:
                if TerminalText.isControl(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
