import FailoverCore
@testable import FailoverStore
import Testing

@Suite struct UsageWindowTests {
    @Test func planReadsAtMostHalfAnHourOfRawRowsPerEdge() {
        for (first, last) in [(Int64(10), Int64(100_000)), (1799, 7201), (1801, 7199), (0, 3599), (3600, 7199), (5, 20), (-5000, 5000), (3700, 7000)] {
            let raw = UsageWindowPlan(first: first, last: last).segments.filter { $0.source == .raw }
            #expect(raw.reduce(0) { $0 + $1.through - $1.from + 1 } <= 3600, "\(first)...\(last)")
            for segment in raw { #expect(segment.through - segment.from < 1800) }
        }
        #expect(UsageWindowPlan(first: 3600, last: 7199).segments == [.init(source: .rollup, sign: 1, from: 3600, through: 3600)])
    }

    /// Random rows, random windows: the rollup plan equals a brute-force sum.
    @Test(arguments: 0..<6)
    func windowSumsAreExact(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let fixture = try TemporaryStore()
        var rows: [UsageEntry] = []
        try fixture.store.write { transaction in
            for _ in 0..<800 {
                let entry = usage(["a", "b", "c"].randomElement(using: &rng)!, type: ["coder", "reviewer"].randomElement(using: &rng)!,
                                  at: t0 + TimeSpan(seconds: Int.random(in: 0...(3 * 86_400), using: &rng)),
                                  tokens: Int.random(in: 0...5000, using: &rng), outcome: Bool.random(using: &rng) ? .success : .failure(.auth))
                rows.append(entry)
                try transaction.record(entry)
            }
        }
        try fixture.store.read { reader in
            for _ in 0..<60 {
                let through = t0 + TimeSpan(seconds: Int.random(in: 0...(3 * 86_400), using: &rng))
                let after = through - TimeSpan(seconds: Int.random(in: 1...(2 * 86_400), using: &rng))
                let inside = rows.filter { $0.at > after && $0.at <= through }
                let coder = inside.filter { $0.agentType == "coder" }
                let totals = try reader.typeUsage("coder", after: after, through: through)
                #expect(totals.tokens == coder.reduce(0) { $0 + $1.inputTokens + $1.outputTokens })
                #expect(totals.tasks == coder.count)
                #expect(totals.failures == coder.filter { $0.outcome.isFailure }.count)
                let byAgent = try reader.agentUsage(after: after, through: through)
                for agent in ["a", "b", "c"] {
                    let expected = inside.filter { $0.agent == agent }.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
                    #expect((byAgent[agent]?.tokens ?? 0) == expected)
                }
            }
        }
    }

    /// Within one transaction, the sliding cursor agrees with brute force after every insert,
    /// including rows that arrive out of order.
    @Test(arguments: 0..<4)
    func theBatchCursorIsExact(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let fixture = try TemporaryStore()
        var rows: [UsageEntry] = []
        let window = TimeSpan.hours(2)
        // Some history before the batch.
        try fixture.store.write { transaction in
            for _ in 0..<300 {
                let entry = usage("a", at: t0 - TimeSpan(seconds: Int.random(in: 0...(4 * 3600), using: &rng)), tokens: Int.random(in: 1...100, using: &rng))
                rows.append(entry)
                try transaction.record(entry)
            }
        }
        try fixture.store.write { transaction in
            var now = t0
            for _ in 0..<400 {
                now = now + TimeSpan(seconds: Int.random(in: 0...120, using: &rng))
                let jitter = Int.random(in: 0..<10, using: &rng) == 0 ? -Int.random(in: 0...9000, using: &rng) : 0
                let entry = usage("a", at: now + TimeSpan(seconds: jitter), tokens: Int.random(in: 1...100, using: &rng))
                rows.append(entry)
                try transaction.record(entry)
                let checkAt = Int.random(in: 0..<20, using: &rng) == 0 ? now - .minutes(50) : now
                let expected = rows.filter { $0.at > checkAt - window && $0.at <= checkAt }.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
                #expect(try transaction.typeTokens("coder", window: window, endingAt: checkAt) == expected)
            }
        }
    }
}
