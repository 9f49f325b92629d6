import FailoverCore
import FailoverEngine
@testable import FailoverSite
import Foundation
import Testing

/// Kept files are fingerprinted by their model and the templates, not by the Swift code that writes
/// some of their bytes (event rows, the agent JSON). When that code writes different bytes for the
/// same input (the history bars too), `SiteArtifacts.formatVersion` must change too, or kept pages would keep the old form:
/// this pins those bytes, for a fixed sample, to the version.
@Suite struct KeptFormatTests {
    /// The digest of the sample's bytes at each format version.
    /// From 8 on, the sample holds the history bars (`history`) too.
    static let digests = [3: "2a8ffcf57b4fb9bc", 4: "15e9ce693c799fdd", 5: "ebd07cdc363efc9d", 6: "f294b9f79e0a75eb", 7: "cd944361eca08b8d", 8: "7fd25c29c310fe79", 9: "23222207b06215be", 10: "1302a8d167edb15e"]

    static let at = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!

    /// The sources the sample cycles through: a fixed list, so a source added later (`outage`) does not
    /// change the sample; it is written by the same code as any other source the kind does not imply.
    static let sources: [EventSource] = [.config, .outcome, .budget]

    /// Every event kind, with and without a failure, markup and a key-shaped word in the detail.
    static let events: [LedgerEvent] = EventKind.allCases.enumerated().map { index, kind in
        LedgerEvent(
            id: Int64(index + 1), agent: "coder-1", at: at - .minutes(index), kind: kind, fromTier: 1, toTier: index % 2 == 0 ? 2 : 1,
            failureKind: index % 3 == 0 ? FailureKind.allCases[index % FailureKind.allCases.count] : nil,
            provider: index % 4 == 0 ? nil : "deepseek", model: index % 4 == 0 ? nil : "deepseek-chat", source: Self.sources[index % Self.sources.count],
            detail: "detail <b>\(index)</b> & 'more'", paused: kind == .paused, cooldownUntil: index % 2 == 0 ? at + .minutes(15) : nil
        )
    }

    /// Runs of no data, all tier 1 and all lower tier, and days that mix all three standings.
    static let history: TierHistory = {
        var history = TierHistory.empty(end: at.startOfUTCDay)
        for day in 10..<30 { history.days[day] = TierSeconds(tier1: 86_400) }
        for day in 14..<17 { history.days[day] = TierSeconds(lower: 86_400) }
        history.days[20] = TierSeconds(tier1: 43_200, lower: 21_600, paused: 21_600)
        history.days[29] = TierSeconds(tier1: 80_000, lower: 6_000, paused: 400)
        history.spans = [history.days[29], history.days[23...].reduce(TierSeconds(), +), history.days.reduce(TierSeconds(), +)]
        return history
    }()

    @Test func theCodeWrittenBytesOfKeptFilesMatchTheFormatVersion() throws {
        let fleet = try RenderedFleet()
        let config = try fleet.config()
        let store = try fleet.store()
        _ = try CycleRunner(config: config, store: store, environment: fleet.environment).run(now: Self.at - .days(1))
        let snapshot = try store.read { try SiteSnapshot.read($0, config: config, now: Self.at) }
        let status = try #require(snapshot.statuses.first { $0.agent == "reviewer-1" })
        let redactor = SecretRedactorBox(redactor: SecretRedactor(providers: config.config.providers, environment: [:]))
        var bytes: [UInt8] = []
        bytes += EventRowHTML.rows(Self.events, root: "../", redactor: redactor)
        bytes += EventRowHTML.dayRows(Self.events, root: "../", redactor: redactor)
        bytes += Array(AgentExport(snapshot, status).json(events: Self.events, redactor: redactor).data(pretty: false))
        bytes += HistoryBarsHTML.chartBytes(Self.history, subject: "coder-1", names: .completedDays)
        let digest = ContentDigest.hex(String(decoding: bytes, as: UTF8.self))
        #expect(Self.digests[SiteArtifacts.formatVersion] == digest, """
            The bytes kept pages get from code changed (digest \(digest)). If that was meant, bump \
            SiteArtifacts.formatVersion and record the new digest under it here, so published sites rebuild them.
            """)
    }
}
