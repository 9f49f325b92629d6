import FailoverCore

/// Types and helpers for state-machine tests: no clock, no disk.
enum Machine {
    static let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!

    static func coder(onExhausted: ExhaustedAction = .pause, triggers: Set<FailureKind> = FailoverPolicy.defaultTriggers.union([.tokenBudget]), chainLength: Int = 3) -> AgentType {
        let chain = [
            ChainEntry(provider: "anthropic", model: "claude-sonnet-4-5"),
            ChainEntry(provider: "deepseek", model: "deepseek-chat"),
            ChainEntry(provider: "ollama", model: "qwen3-coder:30b"),
        ]
        return AgentType(
            name: "coder", instances: ["coder-1"], chain: Array(chain.prefix(chainLength)),
            failover: FailoverPolicy(cooldown: .minutes(15), onExhausted: onExhausted, triggers: triggers, serverErrorAfter: 3),
            usageThresholdTokens: 1000
        )
    }

    static func at(minutes: Int) -> Timestamp { t0 + .minutes(minutes) }

    static func failure(_ kind: FailureKind, tier: Int? = nil) -> FailoverInput {
        .failure(kind, tier: tier, detail: "test \(kind.rawValue)")
    }

    /// Applies inputs in order (one minute apart), keeping every event.
    static func run(_ inputs: [FailoverInput], type: AgentType = coder(), from start: AgentState = AgentState(agent: "coder-1")) -> (state: AgentState, events: [LedgerEvent]) {
        var state = start
        var events: [LedgerEvent] = []
        for (index, input) in inputs.enumerated() {
            let transition = state.applying(input, type: type, at: at(minutes: index))
            state = transition.state
            events += transition.events
        }
        return (state, events)
    }
}
