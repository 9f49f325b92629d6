import ConfigLoader
import FailoverCore
import FailoverStore

/// `failover cycle`: reconcile configured instances with the store, apply control and chain edits,
/// bring env files up to date, and plan the dispatcher's next cycle. One transaction: a failure
/// anywhere leaves the store and the env files as they were.
public struct CycleRunner {
    public var config: LoadedConfig
    public var store: FailoverStore
    public var environment: [String: String]

    public init(config: LoadedConfig, store: FailoverStore, environment: [String: String]) {
        self.config = config
        self.store = store
        self.environment = environment
    }

    public func run(now: Timestamp) throws -> CyclePlan {
        let writer = EnvFileWriter(config: config, environment: environment)
        let redactor = SecretRedactor(providers: config.config.providers, environment: environment)
        do {
            return try store.write { transaction in
                let states = try transaction.reader.states()
                var plan = CyclePlan(generatedAt: now, agents: [], warnings: config.warnings.map { $0.formatted(file: config.file) }, events: [])
                for (agent, type) in config.config.instances {
                    var transitions = [AgentState.stored(states[agent], agent: agent, type: type, at: now)]
                    var state = transitions[0].state
                    transitions.append(state.applying(.reconcile, type: type, at: now))
                    state = transitions.last!.state
                    if let control = config.config.control[agent]?.redacted(by: redactor) {
                        transitions.append(state.applying(.control(control), type: type, at: now))
                        state = transitions.last!.state
                    }
                    if state != states[agent] {
                        try transaction.save(state, at: now)
                    }
                    for var event in transitions.flatMap(\.events).map({ $0.redacted(by: redactor) }) {
                        event.id = try transaction.append(event)
                        plan.events.append(event)
                    }
                    plan.agents.append(try planEntry(agent: agent, type: type, state: state, writer: writer, warnings: &plan.warnings))
                }
                return plan
            }
        } catch {
            writer.rollback()
            throw error
        }
    }

    private func planEntry(agent: String, type: AgentType, state: AgentState, writer: EnvFileWriter, warnings: inout [String]) throws -> CyclePlan.Agent {
        let entry = type.entry(forTier: state.tier) ?? type.chain[0]
        var planned = CyclePlan.Agent(
            agent: agent, type: type.name, mode: type.mode.rawValue, dispatchable: state.isDispatchable, paused: state.paused,
            tier: state.tier, tiers: type.chain.count, provider: entry.provider, model: entry.model, envFile: nil, recreate: false,
            cooldownUntil: state.cooldownUntil, warnings: []
        )
        guard type.mode == .container else { return planned }
        let sync = try writer.sync(agent: agent, type: type, tier: state.tier)
        planned.envFile = sync.path
        planned.recreate = sync.recreate
        if let problem = sync.problem {
            // A container started with stale or missing credentials would fail its task and be blamed on
            // the provider; hold it back until the operator fixes the environment.
            planned.dispatchable = false
            planned.warnings.append(problem.description)
            warnings.append("\(agent): \(problem)")
        }
        return planned
    }
}
