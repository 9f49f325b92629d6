import ArgumentParser
import FailoverCore
import FailoverEngine
import FailoverStore
import Foundation
import StoreFactory

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a config would do with a stream of outcomes, writing nothing.",
        discussion: """
            Reads outcome lines as `record` does (stdin or --file; the same checks and per-line errors) and applies \
            them to a copy of the fleet held in memory: the database of --config (a SQLite file or a PostgreSQL \
            database), copied read-only (no lock, nothing written), or a fleet nobody has seen yet with --fresh. \
            The config is applied first, as the next `cycle` would (new instances, chain edits, control edits), \
            at the first outcome's time; then every outcome in order, with the real state machine and budget rule. No database, env file or lock is touched.
            Prints every switch (step down, recovery, pause, wrap, reset, ...) and a summary per agent and per type; \
            --json prints one JSON document instead. Exit 1 if any line was rejected.
              failover outcomes --since 7d | failover simulate --config proposed.yaml --fresh
            """
    )

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption

    @Option(help: ArgumentHelp("Read outcomes from this file instead of stdin.", valueName: "path"))
    var file: String?

    @Flag(help: "Start from a fleet nobody has seen yet (every instance new, on tier 1) instead of the config's database.")
    var fresh = false

    @Flag(help: "Apply each outcome to whichever tier the simulated instance is on, as if no line named a tier.")
    var ignoreTiers = false

    @Flag(help: "Print one JSON document (specs/exports.md).")
    var json = false

    func run() throws {
        let loaded = try Session.load(config)
        let input = try InputFile.open(file)
        let start: String
        let store: SQLiteStore
        if fresh {
            start = "fresh"
            store = try SQLiteStore.scratch()
        } else if let address = try StoreFactory.postgresAddress(loaded) {
            // One read-only snapshot of the server, copied into memory: nothing is written there.
            start = address.description
            store = try StoreFactory.memoryCopy(loaded, environment: ProcessEnvironment.current.values)
        } else {
            let path = loaded.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure.user("no database at \(path) (service.database of \(loaded.file)) to start from; run where the fleet's database is, or pass --fresh to start from a new fleet")
            }
            start = path
            store = try StoreFactory.memoryCopy(loaded)
        }
        let environment = ProcessEnvironment.current
        var simulation = Simulation(config: loaded, store: store, environment: environment.values)
        simulation.ignoreTiers = ignoreTiers
        let report = try simulation.run(reading: input, now: try now.timestamp())
        for rejected in report.rejected { Console.error("\(file ?? "stdin"): \(rejected)") }
        if json {
            Console.out(report.json(start: start).serialized(htmlSafe: false), terminator: "")
        } else {
            show(report, start: start)
        }
        if !report.rejected.isEmpty { throw ExitCode(ExitStatus.userError.rawValue) }
    }

    /// The header names no config file: the same outcomes under the same rules print the same text,
    /// so `diff current.txt proposed.txt` shows only what the proposal changes (README, CI recipe).
    private func show(_ report: SimulationReport, start: String) {
        let span = report.first.map { first in " from \(first) to \(report.last ?? first)" } ?? ""
        let origin = start == "fresh" ? "a new fleet" : "a copy of \(start)"
        Console.out("simulated \(report.outcomes) outcome(s)\(span), starting from \(origin); nothing was written")
        if report.transitions.isEmpty {
            Console.out("\nno transitions")
        } else {
            let rows = report.transitions.map { event in
                [event.at.description, event.agent.rawValue, event.kind.rawValue,
                 "\(TierGlyph.glyph(tier: event.fromTier, paused: false))→\(TierGlyph.glyph(tier: event.toTier, paused: event.paused))",
                 event.failureKind?.rawValue ?? "-", event.source.rawValue, event.detail]
            }
            Console.out("\n" + TextTable.render(header: ["AT", "AGENT", "EVENT", "TIER", "FAILURE", "SOURCE", "DETAIL"], rows: rows))
        }
        let agents = report.agents.map { agent in
            [agent.agent.rawValue, agent.type.rawValue, String(agent.outcomes), String(agent.failures), String(agent.late), String(agent.steps),
             String(agent.budgetSteps), String(agent.recoveries), String(agent.pauses), String(agent.wraps),
             TierGlyphText.cell(tier: agent.startTier, tiers: agent.tiers, pauseReason: agent.startPauseReason),
             TierGlyphText.cell(tier: agent.finalTier, tiers: agent.tiers, pauseReason: agent.finalPauseReason)]
        }
        Console.out("\n" + TextTable.render(header: ["AGENT", "TYPE", "OUTCOMES", "FAILURES", "LATE", "STEPS", "BUDGET", "RECOVERIES", "PAUSES", "WRAPS", "START", "END"],
                                            rows: agents))
        let types = report.types.map { type in
            [type.type.rawValue, String(type.instances), String(type.outcomes), String(type.failures), String(type.steps), String(type.budgetSteps),
             String(type.recoveries), String(type.pauses), String(type.wraps), "\(type.onTier1) on tier 1, \(type.belowTier1) below, \(type.paused) paused"]
        }
        Console.out("\n" + TextTable.render(header: ["TYPE", "INSTANCES", "OUTCOMES", "FAILURES", "STEPS", "BUDGET", "RECOVERIES", "PAUSES", "WRAPS", "END"],
                                            rows: types))
    }
}
