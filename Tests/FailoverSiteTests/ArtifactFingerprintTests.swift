import ConfigLoader
import FailoverCore
import FailoverEngine
@testable import FailoverSite
import FailoverStore
import Foundation
import Testing

/// A kept page's fingerprint is taken from the model it renders: it changes when, and only when, what
/// the page would show changes (or the templates or code that show it do).
@Suite struct ArtifactFingerprintTests {
    static func snapshot(_ fleet: RenderedFleet, at now: Timestamp) throws -> SiteSnapshot {
        let config = try fleet.config()
        return try fleet.store().read { try SiteSnapshot.read($0, config: config, now: now) }
    }

    static func agentPages(_ fleet: RenderedFleet, at now: Timestamp) throws -> [String: AgentPage] {
        let snapshot = try snapshot(fleet, at: now)
        return Dictionary(uniqueKeysWithValues: snapshot.statuses.map { ($0.agent.rawValue, AgentPage(snapshot, $0)) })
    }

    static func fingerprint(_ artifact: some SiteArtifact) -> Fingerprint? {
        if case .keyed(let fingerprint) = artifact.freshness { return fingerprint }
        return nil
    }

    @Test func anAgentsFingerprintChangesExactlyWhenItsModelDoes() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let now = RenderedFleet.t0 + .minutes(21)
        let before = try Self.agentPages(fleet, at: now)
        // Same moment, same data: the same models and fingerprints, on any run.
        let again = try Self.agentPages(fleet, at: now)
        for (agent, page) in before {
            #expect(again[agent] == page && Self.fingerprint(again[agent]!) == Self.fingerprint(page), "\(agent)")
        }
        // coder-1 fails again (over budget, a success would not bring it back); nothing else happens, within the same hour.
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: #"{"agent":"coder-1","at":"2026-11-24T10:20:00Z","outcome":"error","status":429,"error_type":"rate_limit_error"}"#, now: RenderedFleet.t0 + .minutes(20))
        let after = try Self.agentPages(fleet, at: now)
        #expect(Set(after.keys) == Set(before.keys))
        for (agent, page) in after {
            let modelChanged = page != before[agent]
            let fingerprintChanged = Self.fingerprint(page) != Self.fingerprint(before[agent]!)
            #expect(modelChanged == fingerprintChanged, "\(agent): model changed \(modelChanged), fingerprint changed \(fingerprintChanged)")
            #expect(modelChanged == (agent == "coder-1"), "\(agent)")
        }
    }

    @Test func everyFieldOfAnAgentPageIsInItsFingerprint() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let page = try #require(try Self.agentPages(fleet, at: RenderedFleet.t0)["coder-2"])
        let mutations: [(String, (inout AgentPage) -> Void)] = [
            ("site title", { $0.chrome.siteTitle += "!" }),
            ("stale after", { $0.chrome.staleAfter = 60 }),
            ("tier", { $0.summary.tier += 1 }),
            ("paused by the operator", { $0.summary.pauseReason = .operator }),
            ("paused, chain exhausted", { $0.summary.pauseReason = .exhausted }),
            ("dispatchable", { $0.summary.dispatchable.toggle() }),
            ("active model", { $0.summary.active.model += "-2" }),
            ("cooldown", { $0.summary.cooldownUntil = nil }),
            ("last failure", { $0.summary.lastFailureKind = .quota }),
            ("last failure time", { $0.summary.lastFailureAt = RenderedFleet.t0 }),
            ("last event", { $0.summary.lastEvent = nil }),
            ("last event's failure", { $0.summary.lastEvent?.failureKind = .auth }),
            ("mode", { $0.mode = .host }),
            ("chain", { $0.chain.append(ChainEntry(provider: "ollama", model: "qwen3-coder")) }),
            ("5xx streak", { $0.serverErrorStreak += 1 }),
            ("5xx threshold", { $0.serverErrorAfter += 1 }),
            ("reset token", { $0.resetToken = "r1" }),
            ("usage link", { $0.usageHref += "x" }),
            ("newest event", { $0.lastEventID += 1 }),
            ("history end", { $0.historyEnd = $0.historyEnd + .days(1) }),
        ]
        var seen: Set<Fingerprint?> = [Self.fingerprint(page)]
        for (name, mutate) in mutations {
            var changed = page
            mutate(&changed)
            #expect(changed != page, "\(name): the mutation changes nothing")
            #expect(seen.insert(Self.fingerprint(changed)).inserted, "\(name) is not in the fingerprint, or collides")
        }
    }

    /// The agent JSON's model is only what it shows: every field counts, and nothing of the page's
    /// (its history's day) is in it.
    @Test func everyFieldOfAnAgentExportIsInItsFingerprint() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let snapshot = try Self.snapshot(fleet, at: RenderedFleet.t0)
        let status = try #require(snapshot.statuses.first { $0.agent == "coder-2" })
        let export = AgentExport(snapshot, status)
        let mutations: [(String, (inout AgentExport) -> Void)] = [
            ("agent", { $0.agent += "x" }),
            ("status JSON", { $0.status = .object(["name": .string("coder-2")]) }),
            ("5xx streak", { $0.serverErrorStreak += 1 }),
            ("chain", { $0.chain.append(ChainEntry(provider: "ollama", model: "qwen3-coder")) }),
            ("active tier", { $0.activeTier += 1 }),
            ("newest event", { $0.lastEventID += 1 }),
        ]
        var seen: Set<Fingerprint?> = [Self.fingerprint(export)]
        for (name, mutate) in mutations {
            var changed = export
            mutate(&changed)
            #expect(changed != export, "\(name): the mutation changes nothing")
            #expect(seen.insert(Self.fingerprint(changed)).inserted, "\(name) is not in the fingerprint, or collides")
        }
        let nextDay = try Self.snapshot(fleet, at: RenderedFleet.t0 + .days(1))
        #expect(Self.fingerprint(AgentExport(nextDay, status)) == Self.fingerprint(export), "the day turning does not touch the JSON")
    }

    @Test func aJSONObjectsFingerprintDoesNotDependOnKeyOrderButOnEveryValue() {
        struct Model: Encodable { var json: JSONValue }
        var forward: JSONObject = [:], backward: JSONObject = [:]
        let keys = (0..<40).map { "key-\($0)" }
        for key in keys { forward[key] = .string(key) }
        for key in keys.reversed() { backward[key] = .string(key) }
        #expect(Fingerprint(of: Model(json: .object(forward))) == Fingerprint(of: Model(json: .object(backward))))
        backward["key-7"] = .string("key-8")
        #expect(Fingerprint(of: Model(json: .object(forward))) != Fingerprint(of: Model(json: .object(backward))))
        // A value moved between keys is a change.
        #expect(Fingerprint(of: Model(json: .object(["a": .integer(1), "b": .integer(2)])))
                != Fingerprint(of: Model(json: .object(["a": .integer(2), "b": .integer(1)]))))
    }

    @Test func nestedAbsentValuesCannotBeMistakenForEachOther() {
        struct Inner: Encodable { var x: Int?; var tail: Int? }
        struct Outer: Encodable { var list: [Inner]; var tail: Int? }
        // Without each value's depth these two would hash the same stream.
        #expect(Fingerprint(of: Outer(list: [Inner(x: 1, tail: nil)], tail: 5)) != Fingerprint(of: Outer(list: [Inner(x: 1, tail: 5)], tail: nil)))
        #expect(Fingerprint(of: ["ab", "c"]) != Fingerprint(of: ["a", "bc"]))
        #expect(Fingerprint(of: [String]()) != Fingerprint(of: [""]))
    }

    @Test func onlyTheChangedAgentsFilesAreRebuilt() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let before = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: #"{"agent":"coder-1","at":"2026-11-24T10:20:00Z","outcome":"error","status":429,"error_type":"rate_limit_error"}"#, now: RenderedFleet.t0 + .minutes(20))
        try fleet.render(at: RenderedFleet.t0 + .minutes(21))
        let after = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        #expect(Set(after.inputs.keys) == Set(before.inputs.keys))
        let changed = Set(after.inputs.keys.filter { after.inputs[$0] != before.inputs[$0] })
        // Today's archive gained coder-1's event; nothing else it shows changed.
        #expect(changed == ["agents/coder-1.html", "agents/coder-1.json", "events/2026-11-24.html"])
        for path in ["agents/coder-2.html", "agents/reviewer-1.json", "events/2026-11-23.html", "docs/operations.html"] {
            #expect(after.files[path]?.inode == before.files[path]?.inode, "\(path) was rewritten")
        }
    }

    @Test func aTemplateChangeRebuildsEveryKeptPageAndNothingElseDoes() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let templates = fleet.folder + "/templates"
        try FileManager.default.copyItem(atPath: RenderedFleet.repositoryRoot + "/templates", toPath: templates)
        try fleet.render(templates: templates)
        let first = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        #expect(first.inputs.keys.contains("agents/coder-1.html") && first.inputs.keys.contains("events/2026-11-23.html") && first.inputs.keys.contains("docs/index.html"))
        try fleet.render(at: RenderedFleet.t0 + .minutes(1), templates: templates)
        let second = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        #expect(second.inputs == first.inputs, "nothing changed, so every kept page is kept")
        let layout = templates + "/layout.mustache"
        try (String(contentsOfFile: layout, encoding: .utf8) + "{{! a comment changes the template set }}\n").write(toFile: layout, atomically: true, encoding: .utf8)
        try fleet.render(at: RenderedFleet.t0 + .minutes(2), templates: templates)
        let third = try #require(SiteManifest.read(siteFolder: fleet.siteFolder))
        #expect(Set(third.inputs.keys) == Set(first.inputs.keys))
        for (path, inputs) in third.inputs {
            #expect(inputs != second.inputs[path], "\(path) was kept across a template change")
        }
    }
}
