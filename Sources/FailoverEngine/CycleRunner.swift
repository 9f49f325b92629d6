import AtomicFiles
import ConfigLoader
import FailoverCore

/// `failover cycle`: reconcile configured instances with the store, apply control and chain edits,
/// bring env files up to date, and plan the dispatcher's next cycle. One transaction: a failure
/// anywhere leaves the store and the env files as they were.
package struct CycleRunner {
    package var config: LoadedConfig
    package var store: any Store
    package var environment: [String: String]
    /// Variables of the environment whose values are not UTF-8 (and so not in `environment`): a key
    /// among them holds its agents back as a missing one does.
    package var variablesNotUTF8: Set<String> = []
    /// Off for `failover simulate`: no env file is written or cleaned, and the plan names none.
    package var writesEnvFiles = true
    /// The instances this dispatcher host runs: the plan and the env files cover only them, while
    /// every instance's state is reconciled (control and chain edits apply once, whichever host's
    /// cycle sees them first).
    package var scope = HostScope.everyInstance

    package init(config: LoadedConfig, store: any Store, environment: [String: String]) {
        self.config = config
        self.store = store
        self.environment = environment
    }

    /// Applies the config and brings env files up to date in one transaction. Print the plan, then
    /// pass it to `delivered`: that is what makes a `recreate` flag count as given.
    package func run(now: Timestamp) throws -> CyclePlan {
        FaultPoint.enter("cycle")
        let redactor = SecretRedactor(providers: config.config.providers, environment: environment)
        var writer: EnvFileWriter?
        do {
            let plan = try store.write { transaction in
                let states = try transaction.snapshot.states()
                let signals = try transaction.snapshot.envSignals()
                let envFiles = EnvFileWriter(config: config, host: scope.host, environment: environment, notUTF8: variablesNotUTF8, signal: { signals[$0] ?? .new })
                writer = envFiles
                // Every writer of env files writes them under this lock, so any temporary there is a
                // killed writer's, whatever its pid says (it may have run as pid 1 of a container).
                if writesEnvFiles { AtomicFile.removeTemporariesUnderWritersLock(in: config.envDirectory) }
                var plan = CyclePlan(generatedAt: now, host: scope.host, agents: [], warnings: config.warnings.map { $0.formatted(file: config.file) }, events: [])
                for instance in config.config.instances {
                    let agent = instance.agent, type = instance.type
                    let control = config.config.control[agent]?.redacted(by: redactor)
                    let transition = AgentState.cycling(stored: states[agent], agent: agent, type: type, control: control, at: now)
                    let state = transition.state
                    if state != states[agent] {
                        try transaction.save(state, at: now)
                    }
                    for var event in transition.events.map({ $0.redacted(by: redactor) }) {
                        event.id = try transaction.append(event)
                        plan.events.append(event)
                    }
                    // Another host's container: its dispatcher plans it and writes its env file.
                    guard scope.owns(agent) else {
                        if writesEnvFiles, type.mode == .container, let host = scope.host(of: agent), try envFiles.remove(agent: agent) {
                            plan.warnings.append("\(agent) runs on \(host) now: removed its env file here (it held a key); stop its container on this host")
                        }
                        continue
                    }
                    var planned = try planEntry(agent: agent, type: type, state: state, writer: envFiles, transaction: transaction, plan: &plan)
                    if let note = state.controlNote(control, at: now) {
                        planned.warnings.append(note)
                        plan.warnings.append(note)
                    }
                    plan.agents.append(planned)
                }
                FaultPoint.reach("before-commit")
                return plan
            }
            FaultPoint.reach("after-commit")
            return plan
        } catch {
            writer?.rollback()
            throw error
        }
    }

    /// Call once the plan has been printed: its `recreate` flags were given, and the next verb flags
    /// only what changes after them. A crash before this costs at most a repeated flag.
    package func delivered(_ plan: CyclePlan) throws {
        try store.acknowledge(plan.offers)
    }

    private func planEntry(
        agent: AgentID, type: AgentType, state: AgentState, writer: EnvFileWriter, transaction: any StoreTransaction, plan: inout CyclePlan
    ) throws -> CyclePlan.Agent {
        let entry = type.entry(forTier: state.tier) ?? type.chain[0]
        var planned = CyclePlan.Agent(
            agent: agent, type: type.name, host: scope.host(of: agent), mode: type.mode, dispatchable: state.isDispatchable, pauseReason: state.pauseReason,
            tier: state.tier, tiers: type.chain.count, provider: entry.provider, model: entry.model, envFile: nil, recreate: false,
            cooldownUntil: state.cooldownUntil, warnings: [], flapCount: state.flapCount, cooldownSeconds: state.stepCooldown?.seconds
        )
        guard writesEnvFiles, type.mode == .container else { return planned }
        let sync = try writer.sync(agent: agent, type: type, tier: state.tier)
        planned.envFile = sync.path
        planned.recreate = sync.recreate
        if let signal = sync.signal { try transaction.saveSignal(signal, of: agent) }
        if let offer = sync.offer { plan.offers.append(offer) }
        if let problem = sync.problem {
            // A container started with stale or missing credentials would fail its task and be blamed on
            // the provider; hold it back until the operator fixes the environment.
            planned.dispatchable = false
            planned.warnings.append(problem.description)
            plan.warnings.append("\(agent): \(problem)")
        }
        return planned
    }
}
