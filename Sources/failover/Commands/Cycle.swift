import ArgumentParser
import FailoverCore
import FailoverEngine
import Foundation

struct Cycle: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply config edits, update env files and print the plan for this dispatch cycle.",
        discussion: """
            Run by the dispatcher at the start of every cycle. Reconciles instances with the config, applies
            control edits (pause, unpause, reset) and chain edits, rewrites env files whose tier changed, and
            prints per agent: dispatchable, tier, provider, model, env file, recreate. An invalid config
            changes nothing and exits 1.
            """
    )

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption
    @OptionGroup var host: HostOption

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() throws {
        let loaded = try Session.load(config)
        // Before the store is opened: a host the config does not know changes nothing.
        let environment = ProcessEnvironment.current
        let scope = try host.scope(loaded, environment: environment)
        let store = try Session.open(loaded)
        var runner = CycleRunner(config: loaded, store: store, environment: environment.values)
        runner.variablesNotUTF8 = environment.notUTF8
        runner.scope = scope
        let plan = try runner.run(now: try now.timestamp())
        EventLog.log(plan.events)
        for warning in plan.warnings { EventLog.logger.warning("\(warning)") }
        try show(plan)
        Delivery.record { try runner.delivered(plan) }
    }

    private func show(_ plan: CyclePlan) throws {
        if json {
            Console.out(plan.json.serialized(htmlSafe: false), terminator: "")
            return
        }
        let rows = plan.agents.map { agent in
            [
                agent.agent.rawValue, agent.type.rawValue, TierGlyphText.cell(tier: agent.tier, tiers: agent.tiers, pauseReason: agent.pauseReason),
                "\(agent.provider)/\(agent.model)", agent.dispatchable ? "yes" : "no",
                agent.envFile.map { agent.recreate ? "\($0) (recreate)" : $0 } ?? "-",
            ]
        }
        Console.out(TextTable.render(header: ["AGENT", "TYPE", "TIER", "PROVIDER/MODEL", "DISPATCH", "ENV FILE"], rows: rows))
        if !plan.recreate.isEmpty { Console.out("recreate: \(plan.recreate.map(\.rawValue).joined(separator: " "))") }
    }
}

enum TierGlyphText {
    /// `② of 3`, `✕ paused (tier 1)` by an operator, or `✕ exhausted (tier 3)`: an exhausted agent
    /// waits for a reset, so the two must not read alike.
    static func cell(tier: Int, tiers: Int, pauseReason: PauseReason?) -> String {
        switch pauseReason {
        case nil: "\(TierGlyph.glyph(tier: tier, paused: false)) of \(tiers)"
        case .operator?: "✕ paused (tier \(tier))"
        case .exhausted?: "✕ exhausted (tier \(tier))"
        }
    }
}
