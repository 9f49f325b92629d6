import FailoverCore
@testable import FailoverEngine
import Foundation
import TestSupport
import Testing

/// `failover outcomes`' lines (specs/failover.md, "failover outcomes"): what `record` reads, and
/// read back they are the outcome that was stored.
@Suite struct OutcomeExportTests {
    static let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!
    static let fleet = FleetIndex(FleetConfig(agentTypes: [
        AgentType(name: "coder", instances: ["coder-1"], chain: [ChainEntry(provider: "anthropic", model: "m"), ChainEntry(provider: "ollama", model: "q")]),
    ]))

    static func parse(_ line: String) -> ParsedLines {
        var parser = OutcomeParser(fleet: fleet, now: t0, redactor: SecretRedactor(secrets: []))
        return parser.parse(line)
    }

    /// A row from before the details were kept comes back as a stand-in every provider files under its kind.
    @Test(arguments: FailureKind.allCases.filter { $0 != .tokenBudget })
    func aStandInIsClassifiedAsItsKindByEveryProvider(_ kind: FailureKind) throws {
        let standIn = OutcomeExport.standIn(for: kind)
        let classifier = ErrorClassifier(providers: .builtIn)
        for provider in ProviderRegistry.builtIn.providers.keys {
            let report = ErrorReport(status: standIn.status, errorType: standIn.errorType, message: OutcomeExport.standInMessage)
            #expect(classifier.classify(report, provider: provider).kind == kind, "\(provider)")
        }
        let entry = UsageEntry(agent: "coder-1", agentType: "coder", at: Self.t0, tier: 1, provider: "anthropic", model: "m", outcome: .failure(kind),
                               inputTokens: 3, outputTokens: 4)
        let parsed = try #require(Self.parse(OutcomeExport.line(entry)).accepted.first)
        guard case .error(let report) = parsed.outcome.result else { Issue.record("not an error"); return }
        #expect(report.status == standIn.status && parsed.outcome.tier == nil && parsed.outcome.inputTokens == 3)
    }

    /// Seeded hostile text and extreme numbers: every line is one plain line the parser accepts, and
    /// gives back the stored outcome field for field.
    @Test func everyExportedLineReadsBackAsTheStoredOutcome() throws {
        var rng = SeededGenerator(seed: 14)
        let redactor = SecretRedactor(secrets: [])
        for round in 0..<Hostile.iterations(400) {
            let failed = Bool.random(using: &rng)
            let message = redactor.redactedPrefix(Hostile.string(&rng), maximumBytes: OutcomeParser.maximumMessageBytes)
            let errorType = redactor.redactedPrefix(Hostile.string(&rng), maximumBytes: OutcomeParser.maximumErrorTypeBytes)
            let details = OutcomeDetails(
                status: failed && Bool.random(using: &rng) ? Int.random(in: 100...599, using: &rng) : nil,
                errorType: failed ? errorType : nil, message: failed ? message : nil,
                retryAfter: failed && Bool.random(using: &rng) ? TimeSpan(seconds: Int.random(in: 0...OutcomeParser.maximumRetryAfter.seconds, using: &rng)) : nil,
                statedTier: Bool.random(using: &rng) ? Int.random(in: 1...2, using: &rng) : nil)
            let entry = UsageEntry(agent: "coder-1", agentType: "coder", at: Self.t0 - TimeSpan(seconds: Int.random(in: 0...1_000_000, using: &rng)), tier: 1,
                                   provider: "anthropic", model: "m", outcome: failed ? .failure(.other) : .success,
                                   inputTokens: Int.random(in: 0...OutcomeParser.maximumTokens, using: &rng), outputTokens: OutcomeParser.maximumTokens,
                                   details: details)
            let line = OutcomeExport.line(entry)
            #expect(line.hasSuffix("}\n") && line.filter(\.isNewline).count == 1, "round \(round)")
            #expect(!line.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" }, "round \(round): a control character would be escaped for the terminal")
            let parsed = Self.parse(line)
            let outcome = try #require(parsed.accepted.first?.outcome, "round \(round): \(parsed.rejected)")
            #expect(outcome.agent == entry.agent && outcome.at == entry.at && outcome.tier == details.statedTier, "round \(round)")
            #expect(outcome.inputTokens == entry.inputTokens && outcome.outputTokens == entry.outputTokens)
            switch outcome.result {
            case .success: #expect(!failed, "round \(round)")
            case .error(let report):
                #expect(failed)
                #expect(report == ErrorReport(status: details.status, errorType: details.errorType, message: details.message, retryAfter: details.retryAfter),
                        "round \(round)")
            }
        }
    }
}
