import ConfigLoader
import FailoverCore
import Foundation

/// `failover simulate`: the real `cycle` and `record` runs, on a store that lives in memory, with
/// env files off. The proposed config is applied first, as the next `cycle` would apply it (new
/// instances, chain edits, control edits), at the first outcome's `at`; then every outcome, in
/// order, with the real state machine and budget rule. There is one implementation of the rules.
package struct Simulation {
    package var config: LoadedConfig
    /// In memory: a copy of the fleet's database, or a new one.
    package var store: any Store
    package var environment: [String: String]
    /// Drops each line's `tier` before it is checked, so every outcome applies to the tier the
    /// simulated instance is on instead of being late (or refused, past a shortened chain) where the
    /// proposed config moved it elsewhere.
    package var ignoreTiers = false
    /// Outcomes applied per transaction: bounds memory, not the input.
    package var chunk = 10_000

    package init(config: LoadedConfig, store: any Store, environment: [String: String]) {
        self.config = config
        self.store = store
        self.environment = environment
    }

    /// Reads `handle` to its end, a chunk of lines at a time: a year of outcomes is never held at once.
    package func run(reading handle: FileHandle, now: Timestamp) throws -> SimulationReport {
        var session = try Session(simulation: self, now: now)
        try OutcomeLines.read(handle) { line in try session.take(line) }
        return try session.finish()
    }

    package func run(input: String, now: Timestamp) throws -> SimulationReport {
        var session = try Session(simulation: self, now: now)
        try OutcomeLines.read(Data(input.utf8)) { line in try session.take(line) }
        return try session.finish()
    }

    /// One run's reading, applying and counting.
    private struct Session {
        let simulation: Simulation
        let now: Timestamp
        var parser: OutcomeParser
        var record: RecordRunner
        var pending: [ParsedOutcome] = []
        var rejected: [RejectedLine] = []
        var report: SimulationReport
        var cycled = false

        init(simulation: Simulation, now: Timestamp) throws {
            self.simulation = simulation
            self.now = now
            let config = simulation.config
            parser = OutcomeParser(fleet: FleetIndex(config.config), now: now,
                                   redactor: SecretRedactor(providers: config.config.providers, environment: simulation.environment))
            parser.ignoresTiers = simulation.ignoreTiers
            record = RecordRunner(config: config, store: simulation.store, environment: simulation.environment)
            record.writesEnvFiles = false
            let before = try simulation.store.read { try $0.states() }
            report = SimulationReport(config: config.config, startingStates: before)
        }

        mutating func take(_ line: OutcomeLines.Line) throws {
            parser.collect(line, into: &pending, &rejected)
            if pending.count >= simulation.chunk { try flush() }
        }

        mutating func finish() throws -> SimulationReport {
            try flush()
            parser.finish(&rejected)
            if !cycled { try cycle(at: now) }
            report.rejected = rejected
            report.finish(states: try simulation.store.read { try $0.states() })
            return report
        }

        private mutating func flush() throws {
            guard !pending.isEmpty else { return }
            if !cycled { try cycle(at: pending[0].outcome.at) }
            for outcome in pending { report.saw(outcome.outcome.at) }
            let applied = try record.apply(pending, rejected: [], now: now)
            report.add(applied)
            pending.removeAll(keepingCapacity: true)
        }

        /// What the next `cycle` would do with the proposed config, env files aside.
        private mutating func cycle(at moment: Timestamp) throws {
            var runner = CycleRunner(config: simulation.config, store: simulation.store, environment: simulation.environment)
            runner.writesEnvFiles = false
            let plan = try runner.run(now: moment)
            report.add(plan.events)
            cycled = true
        }
    }
}
