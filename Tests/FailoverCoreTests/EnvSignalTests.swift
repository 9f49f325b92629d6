import FailoverCore
import Testing

/// The recreate rule of `EnvSignal` against a model of what actually happens: verbs that commit, die
/// before or after printing, print out of order, and a dispatcher that recreates a container from its
/// env file as the file is when it reads the flag.
@Suite struct EnvSignalTests {
    @Test func theRuleCaseByCase() {
        let agent: AgentID = "a"
        #expect(EnvSignal.new.deciding(digest: "d1", fileChanged: true, agent: agent).recreate, "never told anything")
        let told = EnvSignal(told: .digest("d1"), serial: 4)
        #expect(told.deciding(digest: "d1", fileChanged: false, agent: agent) == EnvDecision(recreate: false, next: nil, offer: nil))
        let moved = told.deciding(digest: "d2", fileChanged: true, agent: agent)
        #expect(moved.offer == EnvOffer(agent: agent, serial: 5, digest: "d2"))
        #expect(moved.next == EnvSignal(told: .digest("d1"), offered: "d2", serial: 5), "committed as outstanding, not as told")
        let back = moved.next!.deciding(digest: "d1", fileChanged: true, agent: agent)
        #expect(back.recreate, "moved back while a flag is outstanding: the container may run d2")
        #expect(moved.next!.acknowledging(moved.offer!) == EnvSignal(told: .digest("d2"), serial: 5))
        #expect(back.next!.acknowledging(moved.offer!) == back.next!, "an older offer's acknowledgement settles nothing")
        let unknown = EnvSignal(told: .unknown)
        #expect(!unknown.deciding(digest: "d1", fileChanged: false, agent: agent).recreate, "an upgrade's container runs its file")
        #expect(unknown.deciding(digest: "d1", fileChanged: false, agent: agent).next == EnvSignal(told: .digest("d1")))
        #expect(unknown.deciding(digest: "d1", fileChanged: true, agent: agent).recreate)
        #expect(EnvSignal(told: .digest("d"), offered: "e", serial: .max).deciding(digest: "f", fileChanged: true, agent: agent).offer?.serial == .min,
                "the count wraps instead of trapping")
    }

    /// Whenever no flag is outstanding, `told` is what the container runs; so a container whose file
    /// differs from what it runs is always flagged by the next verb.
    @Test(arguments: 0..<60)
    func toldIsWhatRunsWheneverNoFlagIsOutstanding(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let agent: AgentID = "a"
        var signal = EnvSignal.new
        var file: String?
        var running: String?
        /// Committed outputs not yet printed: the offer, and whether this process lives to acknowledge it.
        var unprinted: [(offer: EnvOffer?, survives: Bool)] = []
        for step in 0..<400 {
            if unprinted.isEmpty || Int.random(in: 0..<3, using: &rng) == 0 {
                // A verb commits: the file becomes one of a few contents (often the same or an old one).
                let wanted = "d\(Int.random(in: 0..<3, using: &rng))"
                let decision = signal.deciding(digest: wanted, fileChanged: wanted != file, agent: agent)
                file = wanted
                #expect(decision.recreate || running == file, "seed \(seed) step \(step): a stale container was not flagged")
                if let next = decision.next { signal = next }
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: continue  // killed before printing
                case 1: unprinted.append((decision.recreate ? decision.offer : nil, false))  // killed after printing
                default: unprinted.append((decision.recreate ? decision.offer : nil, true))
                }
            } else {
                // Some process prints (in any order); the dispatcher acts on it, or not when it died mid-line.
                let output = unprinted.remove(at: Int.random(in: 0..<unprinted.count, using: &rng))
                guard let offer = output.offer else { continue }
                if output.survives || Bool.random(using: &rng) { running = file }
                if output.survives { signal = signal.acknowledging(offer) }
            }
            if signal.offered == nil, case .digest(let told) = signal.told {
                #expect(told == running, "seed \(seed) step \(step): told \(told) while the container runs \(running ?? "nothing")")
            }
        }
    }
}
