import ConfigLoader
import FailoverCore
import Foundation

/// `failover record`: classify task outcomes, apply them, write usage and the ledger, and rewrite the
/// env files of agents whose tier moved. The accepted lines commit in one transaction.
package struct RecordRunner {
    package var config: LoadedConfig
    package var store: any Store
    package var environment: [String: String]
    /// Variables of the environment whose values are not UTF-8 (and so not in `environment`): a key
    /// among them holds its agents back as a missing one does.
    package var variablesNotUTF8: Set<String> = []
    /// Off for `failover simulate`, whose in-memory store must not move a real container's env file.
    package var writesEnvFiles = true
    /// The instances this dispatcher host runs: only their env files are written here. An outcome of
    /// another host's instance (or an outage step that moves one) still changes the shared state, and
    /// that host's next `cycle` writes the file and flags the container.
    package var scope = HostScope.everyInstance
    package var classifier: ErrorClassifier
    private let fleet: FleetIndex
    private let redactor: SecretRedactor

    package init(config: LoadedConfig, store: any Store, environment: [String: String]) {
        self.config = config
        self.store = store
        self.environment = environment
        classifier = ErrorClassifier(providers: config.config.providers)
        fleet = FleetIndex(config.config)
        redactor = SecretRedactor(providers: config.config.providers, environment: environment)
    }

    /// Parses `input` and applies it.
    package func run(input: String, now: Timestamp) throws -> RecordReport {
        var parser = OutcomeParser(fleet: fleet, now: now, redactor: redactor)
        let parsed = parser.parse(input)
        return try apply(parsed.accepted, rejected: parsed.rejected, now: now)
    }

    /// Reads every line of `handle` (stdin, a file) before taking the write lock.
    package func run(reading handle: FileHandle, now: Timestamp) throws -> RecordReport {
        var parser = OutcomeParser(fleet: fleet, now: now, redactor: redactor)
        var accepted: [ParsedOutcome] = []
        var rejected: [RejectedLine] = []
        try OutcomeLines.read(handle) { line in parser.collect(line, into: &accepted, &rejected) }
        parser.finish(&rejected)
        return try apply(accepted, rejected: rejected, now: now)
    }

    /// Applies parsed outcomes in one transaction; `rejected` is passed through to the report.
    package func apply(_ accepted: [ParsedOutcome], rejected: [RejectedLine], now: Timestamp) throws -> RecordReport {
        var report = RecordReport(results: [], rejected: rejected, events: [], warnings: [])
        guard !accepted.isEmpty else { return report }
        FaultPoint.enter("record")
        var writer: EnvFileWriter?
        let window = config.config.service.usageWindow
        do {
            try store.write { transaction in
                let before = try transaction.snapshot.states()
                var outage = OutageEvidence(accepted)
                // Only the agents this batch touches; copying every state would cost more than the batch.
                var states: [AgentID: AgentState] = [:]
                var lastLine: [AgentID: Int] = [:]
                states.reserveCapacity(min(accepted.count, before.count + 16))
                lastLine.reserveCapacity(min(accepted.count, before.count + 16))
                for parsed in accepted {
                    let outcome = parsed.outcome
                    let type = parsed.type
                    var step = AgentState.recording(outcome, stored: states[outcome.agent] ?? before[outcome.agent], type: type,
                                                    window: window, classifier: classifier, redactor: redactor)
                    var entry = step.usage
                    entry.details = OutcomeDetails(outcome)
                    try transaction.record(entry)
                    var usage: String?
                    if let threshold = type.usageThresholdTokens, let span = window.span {
                        let used = try transaction.typeTokens(type.name, window: span, endingAt: outcome.at)
                        usage = "\(used)/\(threshold)"
                        step = step.budgetChecked(usedTokens: used)
                    }
                    let state = step.transition.state
                    var appended: [LedgerEvent] = []
                    for var event in step.transition.events.map({ $0.redacted(by: redactor) }) {
                        event.id = try transaction.append(event)
                        appended.append(event)
                    }
                    report.events += appended
                    states[outcome.agent] = state
                    lastLine[outcome.agent] = report.results.count
                    report.results.append(RecordResult(
                        line: parsed.line, agent: outcome.agent, kind: step.kind, moved: step.moved,
                        fromTier: step.start.tier, toTier: state.tier, paused: state.paused, dispatchable: state.isDispatchable,
                        recreate: false, usage: usage, ignored: step.transition.ignored, events: step.transition.events.map(\.kind)
                    ))
                    for trigger in appended where outage.watches(type) && OutageRule.isEvidence(trigger) {
                        let recent = try outage.evidence(in: transaction.snapshot, adding: trigger)
                        let moves = OutageRule.followers(of: trigger, type: type, recent: recent) { states[$0] ?? before[$0] }
                        for move in moves {
                            let follower = move.state.agent
                            for var event in move.events.map({ $0.redacted(by: redactor) }) {
                                event.id = try transaction.append(event)
                                report.events.append(event)
                            }
                            let from = states[follower] ?? before[follower]
                            states[follower] = move.state
                            lastLine[follower] = report.results.count
                            report.results.append(RecordResult(
                                line: parsed.line, agent: follower, kind: step.kind, moved: true, fromTier: from?.tier ?? 1,
                                toTier: move.state.tier, paused: move.state.paused, dispatchable: move.state.isDispatchable, recreate: false,
                                usage: nil, ignored: nil, events: move.events.map(\.kind), source: .outage
                            ))
                        }
                    }
                }
                for (agent, state) in states where state != before[agent] {
                    try transaction.save(state, at: now)
                    guard writesEnvFiles, let type = fleet.type(of: agent), type.mode == .container,
                          state.tier != before[agent]?.tier, let line = lastLine[agent]
                    else { continue }
                    guard scope.owns(agent) else {
                        let host = scope.host(of: agent).map(\.rawValue) ?? "its host"
                        let now = state.pauseReason == .exhausted ? "now paused on tier \(state.tier), its chain exhausted (a reset brings it back)"
                            : state.paused ? "now paused on tier \(state.tier)" : "now on tier \(state.tier)"
                        report.warnings.append("\(agent) runs on \(host) and is \(now): \(host)'s next cycle writes its env file and flags its container for recreate")
                        continue
                    }
                    // Read only when a tier moved: most batches move nothing.
                    let snapshot = transaction.snapshot
                    let envFiles = writer ?? EnvFileWriter(config: config, host: scope.host, environment: environment, notUTF8: variablesNotUTF8, signal: { try snapshot.envSignal(of: $0) })
                    writer = envFiles
                    let sync = try envFiles.sync(agent: agent, type: type, tier: state.tier)
                    report.results[line].recreate = sync.recreate
                    if let signal = sync.signal { try transaction.saveSignal(signal, of: agent) }
                    if let offer = sync.offer { report.offers.append(offer) }
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
        if scope.namesHosts {
            for index in report.results.indices { report.results[index].host = scope.host(of: report.results[index].agent) }
        }
        return report
    }

    /// Call once the report has been printed: its `recreate` flags were given.
    package func delivered(_ report: RecordReport) throws {
        try store.acknowledge(report.offers)
    }
}
