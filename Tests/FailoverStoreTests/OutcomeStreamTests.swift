import FailoverCore
@testable import FailoverPostgres
@testable import FailoverStore
import Foundation
import GRDB
import Testing

/// `StoreSnapshot.forEachOutcome`, the read behind `failover outcomes`: every store gives rows back
/// oldest first across types, filtered, with the details `record` kept.
@Suite struct OutcomeStreamTests {
    static func entry(_ agent: AgentID, _ type: AgentTypeName, at: Timestamp, details: OutcomeDetails? = nil) -> UsageEntry {
        UsageEntry(agent: agent, agentType: type, at: at, tier: 2, provider: "deepseek", model: "deepseek-chat",
                   outcome: details == nil ? .success : .failure(.rateLimit), inputTokens: 5, outputTokens: 7, details: details)
    }

    @Test(arguments: StoreKind.allCases)
    func outcomesComeBackOldestFirstAcrossTypesWithTheirDetails(_ kind: StoreKind) throws {
        let store = try kind.make().store
        let details = OutcomeDetails(status: 429, errorType: "rate_limit_error", message: "slow down\n\u{1B}[2J", retryAfter: .minutes(2), statedTier: 2)
        // Written out of time order and across types: read back by time, equal times in the order written.
        let written = [
            Self.entry("coder-1", "coder", at: t0 + .minutes(5)),
            Self.entry("reviewer-1", "reviewer", at: t0 + .minutes(1), details: details),
            Self.entry("coder-2", "coder", at: t0),
            Self.entry("reviewer-1", "reviewer", at: t0 + .minutes(5)),
            Self.entry("coder-1", "coder", at: t0 + .days(3)),
        ]
        try store.write { transaction in for entry in written { try transaction.record(entry) } }
        func read(_ query: OutcomeQuery) throws -> [UsageEntry] {
            try store.read { snapshot in
                var entries: [UsageEntry] = []
                try snapshot.forEachOutcome(query) { entries.append($0) }
                return entries
            }
        }
        #expect(try read(OutcomeQuery()) == [written[2], written[1], written[0], written[3], written[4]])
        #expect(try read(OutcomeQuery(since: t0 + .minutes(1), until: t0 + .days(1))) == [written[1], written[0], written[3]])
        #expect(try read(OutcomeQuery(agent: "reviewer-1")) == [written[1], written[3]])
        #expect(try read(OutcomeQuery(agent: "nobody")).isEmpty)
        // The agent reaches PostgreSQL's cursor as a quoted literal: quotes and backslashes are only characters.
        #expect(try read(OutcomeQuery(agent: "x' OR agent <> '")).isEmpty)
        #expect(try read(OutcomeQuery(agent: "x\\' OR true --")).isEmpty)
    }

    /// More rows than PostgreSQL's cursor fetches at once, many at the same second, across types: all
    /// come back, by time, equal times in the order written.
    @Test(arguments: StoreKind.allCases)
    func moreThanAPageComesBackWholeAndInOrder(_ kind: StoreKind) throws {
        let store = try kind.make().store
        let types: [AgentTypeName] = ["coder", "reviewer", "planner"]
        let written = (0..<(PostgresOutcomeQueries.page + 17)).map { index in
            let type = types[index % types.count]
            return Self.entry(AgentID("\(type.rawValue)-\(index % 5)"), type, at: t0 + TimeSpan(seconds: index * 7919 % 600))
        }
        try store.write { transaction in for entry in written { try transaction.record(entry) } }
        var read: [UsageEntry] = []
        try store.read { try $0.forEachOutcome(OutcomeQuery()) { read.append($0) } }
        let expected = written.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map { $0.element }
        #expect(read.count == written.count)
        #expect(read == expected)
    }

    /// Rows recorded before `v10-outcome-details` have no details (NULL columns), and still read.
    @Test func rowsFromBeforeTheMigrationReadWithoutDetails() throws {
        let older = try OlderDatabase(upTo: "v9-events-by-kind")
        try older.queue.write { db in
            try db.execute(sql: """
                INSERT INTO task_usage (agent, agent_type, at, tier, provider, model, outcome, input_tokens, output_tokens)
                VALUES ('coder-1', 'coder', ?, 2, 'deepseek', 'deepseek-chat', 'auth', 1, 2)
                """, arguments: [t0.seconds])
            try db.execute(sql: "INSERT INTO usage_hourly_by_type VALUES ('coder', ?, 1, 2, 1, 1)", arguments: [t0.seconds / 3600 * 3600])
        }
        let store = try older.upgraded()
        var entries: [UsageEntry] = []
        try store.read { try $0.forEachOutcome(OutcomeQuery()) { entries.append($0) } }
        #expect(entries.map(\.outcome) == [.failure(.auth)])
        #expect(entries.first?.details == nil)
    }
}
