import ConfigLoader
import FailoverCore
import FailoverStore
import Foundation

/// `failover record`: classify task outcomes, apply them, write usage and the ledger, and rewrite the
/// env files of agents whose tier moved. The accepted lines commit in one transaction.
public struct RecordRunner {
    public var config: LoadedConfig
    public var store: FailoverStore
    public var environment: [String: String]
    public var classifier: ErrorClassifier
    private let fleet: FleetIndex

    /// Provider messages are kept to this many characters in the ledger.
    static let maximumMessageLength = 500

    public init(config: LoadedConfig, store: FailoverStore, environment: [String: String], classifier: ErrorClassifier = .standard) {
        self.config = config
        self.store = store
        self.environment = environment
        self.classifier = classifier
        fleet = FleetIndex(config.config)
    }

    /// Parses `input` and applies it.
    public func run(input: String, now: Timestamp) throws -> RecordReport {
        var parser = OutcomeParser(fleet: fleet, now: now)
        let (accepted, rejected) = parser.parse(input)
        return try apply(accepted, rejected: rejected, now: now)
    }

    /// Reads every line of `handle` (stdin, a file) before taking the write lock.
    public func run(reading handle: FileHandle, now: Timestamp) throws -> RecordReport {
        var parser = OutcomeParser(fleet: fleet, now: now)
        var accepted: [ParsedOutcome] = []
        var rejected: [RejectedLine] = []
        try OutcomeLines.read(handle) { line in parser.collect(line, into: &accepted, &rejected) }
        parser.finish(&rejected)
        return try apply(accepted, rejected: rejected, now: now)
    }

    /// Applies parsed outcomes in one transaction; `rejected` is passed through to the report.
    public func apply(_ accepted: [ParsedOutcome], rejected: [RejectedLine], now: Timestamp) throws -> RecordReport {
        var report = RecordReport(results: [], rejected: rejected, events: [], warnings: [])
        guard !accepted.isEmpty else { return report }
        FaultPoint.enter("record")
        var writer: EnvFileWriter?
        let redactor = SecretRedactor(providers: config.config.providers, environment: environment)
        let window = config.config.service.usageWindow
        do {
            try store.write { transaction in
                let before = try transaction.reader.states()
                // Only the agents this batch touches; copying every state would cost more than the batch.
                var states: [String: AgentState] = [:]
                var lastLine: [String: Int] = [:]
                states.reserveCapacity(min(accepted.count, before.count + 16))
                lastLine.reserveCapacity(min(accepted.count, before.count + 16))
                for parsed in accepted {
                    let outcome = parsed.outcome
                    let type = parsed.type
                    let opened = AgentState.stored(states[outcome.agent] ?? before[outcome.agent], agent: outcome.agent, type: type, at: outcome.at)
                    var events = opened.events
                    var state = opened.state
                    let reconciled = state.applying(.reconcile, type: type, at: outcome.at)
                    events += reconciled.events
                    state = reconciled.state
                    let start = state

                    let ranTier = outcome.tier ?? state.tier
                    let entry = type.entry(forTier: ranTier) ?? type.chain[0]
                    let kind: String
                    let input: FailoverInput
                    switch outcome.result {
                    case .success:
                        kind = "success"
                        input = .success(tier: outcome.tier)
                    case .error(let error):
                        let classification = classifier.classify(error, provider: entry.provider)
                        kind = classification.kind.rawValue
                        input = .failure(classification.kind, tier: outcome.tier, detail: detail(error, classification, redactor))
                    }
                    let transition = state.applying(input, type: type, at: outcome.at)
                    events += transition.events
                    state = transition.state
                    try transaction.record(UsageEntry(
                        agent: outcome.agent, agentType: type.name, at: outcome.at, tier: ranTier, provider: entry.provider,
                        model: entry.model, outcome: kind, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens
                    ))

                    var ignored = transition.ignored
                    var usage: String?
                    if let threshold = type.usageThresholdTokens, let span = window.span {
                        let used = try transaction.typeTokens(type.name, window: span, endingAt: outcome.at)
                        usage = "\(used)/\(threshold)"
                        // The budget is checked after a task that moved nothing; a late result is left alone.
                        if state.tier == start.tier, state.paused == start.paused, ignored != .late, TokenBudget.isEnforced(type, window: window) {
                            let budget = state.applying(.budget(usedTokens: used, thresholdTokens: threshold), type: type, at: outcome.at)
                            events += budget.events
                            state = budget.state
                            if !budget.events.isEmpty { ignored = nil }
                        }
                    }
                    for var event in events.map({ $0.redacted(by: redactor) }) {
                        event.id = try transaction.append(event)
                        report.events.append(event)
                    }
                    states[outcome.agent] = state
                    lastLine[outcome.agent] = report.results.count
                    report.results.append(RecordResult(
                        line: parsed.line, agent: outcome.agent, kind: kind,
                        moved: state.tier != start.tier || state.paused != start.paused,
                        fromTier: start.tier, toTier: state.tier, paused: state.paused, dispatchable: state.isDispatchable,
                        recreate: false, usage: usage, ignored: ignored?.rawValue, events: events.map(\.kind.rawValue)
                    ))
                }
                for (agent, state) in states where state != before[agent] {
                    try transaction.save(state, at: now)
                    guard let type = fleet.type(of: agent), type.mode == .container,
                          state.tier != before[agent]?.tier, let line = lastLine[agent]
                    else { continue }
                    // Read only when a tier moved: most batches move nothing.
                    let envFiles = try writer ?? EnvFileWriter(config: config, environment: environment, told: transaction.reader.envTold())
                    writer = envFiles
                    let sync = try envFiles.sync(agent: agent, type: type, tier: state.tier)
                    report.results[line].recreate = sync.recreate
                    if let delivery = sync.delivery { report.deliveries.append(delivery) }
                    if let problem = sync.problem {
                        report.results[line].dispatchable = false
                        report.warnings.append("\(agent): \(problem)")
                    }
                }
                FaultPoint.reach("before-commit")
            }
            FaultPoint.reach("after-commit")
        } catch {
            writer?.rollback()
            throw error
        }
        return report
    }

    /// Call once the report has been printed: its `recreate` flags were given.
    public func delivered(_ report: RecordReport) throws {
        try store.recordDelivered(report.deliveries)
    }

    /// `401 authentication_error: invalid x-api-key (anthropic: authentication_error)`, secrets removed
    /// before the text is cut short, so no cut can leave a piece of a key behind.
    private func detail(_ error: ErrorReport, _ classification: Classification, _ redactor: SecretRedactor) -> String {
        var parts: [String] = []
        if let status = error.status { parts.append(String(status)) }
        if let type = error.errorType, !type.isEmpty { parts.append(type) }
        var text = parts.joined(separator: " ")
        if let message = error.message, !message.isEmpty {
            text += (text.isEmpty ? "" : ": ") + message
        }
        if text.isEmpty { text = "error without status, type or message" }
        return TerminalText.escaped(redactor.redactedPrefix(text, limit: Self.maximumMessageLength)) + " (\(classification.rule))"
    }
}
