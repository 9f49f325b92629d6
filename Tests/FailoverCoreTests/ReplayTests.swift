import FailoverCore
import Testing

@Suite struct ReplayTests {
    @Test func replayOfAScriptedDayMatchesTheState() {
        let type = Machine.coder()
        let inputs: [FailoverInput] = [
            Machine.failure(.auth), .success(tier: 2), Machine.failure(.serverError), Machine.failure(.serverError),
            Machine.failure(.serverError), .control(ControlEntry(paused: true)), .control(ControlEntry(paused: false)),
            .control(ControlEntry(reset: "x")), .budget(usedTokens: 2000, thresholdTokens: 1000),
        ]
        let created = AgentState.created(agent: "coder-1", type: type, at: Machine.t0)
        let run = Machine.run(inputs, type: type, from: created.state)
        let replayed = AgentState.replay(created.events + run.events)
        #expect(replayed["coder-1"] == run.state)
    }

    @Test func differencesNameTheFields() {
        let a = AgentState(agent: "x", tier: 2, paused: true)
        let b = AgentState(agent: "x", tier: 1, paused: true)
        #expect(a.differences(from: b) == ["tier: 2 vs 1"])
        #expect(a.differences(from: a).isEmpty)
    }
}
