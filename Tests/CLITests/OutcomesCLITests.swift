import FailoverCore
import Foundation
import GRDB
import TestSupport
import Testing

/// `failover outcomes` through the binary (specs/failover.md, "failover outcomes").
@Suite struct OutcomesCLITests {
    func run(_ scratch: ScratchDirectory, _ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", scratch.path("failover.yaml"), "--now", OutcomeScene.clock], stdin: stdin, environment: CLIFleets.keys)
    }

    func recorded() throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        let record = try run(scratch, ["record"], stdin: OutcomeScene.input)
        #expect(record.status == 0, "\(record.stderr)")
        return scratch
    }

    /// record -> outcomes -> record into a new database: the same states and the same ledger.
    @Test func recordedOutcomesRecordAgainIntoTheSameStatesAndLedger() throws {
        let original = try recorded()
        let exported = try run(original, ["outcomes", "--since", "7d"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.split(separator: "\n").count == OutcomeScene.lines.count)
        #expect(!Hostile.leaks(OutcomeScene.key, in: exported.stdout), "the key reached the export")
        #expect(!exported.stdout.contains("\u{1B}"))

        let copy = try ScratchDirectory()
        try copy.write("failover.yaml", OutcomeScene.config)
        let again = try run(copy, ["record"], stdin: exported.stdout)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try OutcomeScene.status(copy) == OutcomeScene.status(original))
        let ledger = try OutcomeScene.ledger(original)
        #expect(ledger.count > 8)
        #expect(try OutcomeScene.ledger(copy) == ledger)
        // And once more: the export of the copy is the export of the original.
        #expect(try run(copy, ["outcomes"]).stdout == exported.stdout)
    }

    @Test func sinceUntilAndAgentChooseTheRowsOldestFirst() throws {
        let scratch = try recorded()
        func agentsAndTimes(_ arguments: [String]) throws -> [String] {
            let result = try run(scratch, ["outcomes"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return try result.stdout.split(separator: "\n").map { line in
                let object = try #require(try OutcomeScene.json(String(line)) as? [String: Any])
                return "\(object["agent"] ?? "") \(object["at"] ?? "")"
            }
        }
        let all = try agentsAndTimes([])
        #expect(all == all.sorted { $0.split(separator: " ")[1] < $1.split(separator: " ")[1] })
        #expect(try agentsAndTimes(["--since", "2026-11-24T12:00:00Z", "--until", "2026-11-24T12:02:00Z"]) == [
            "reviewer-1 2026-11-24T12:00:00Z", "reviewer-1 2026-11-24T12:01:00Z",
        ])
        #expect(try agentsAndTimes(["--agent", "coder-2"]).count == 3)
        // 11h back from the clock (midnight) is 13:00.
        #expect(try agentsAndTimes(["--since", "11h"]).count == 2)
        let bad = try run(scratch, ["outcomes", "--since", "soon"])
        #expect(bad.status == 1 && bad.stderr.contains("--since: \"soon\" is neither an RFC 3339 time nor a duration"))
    }

    /// Rows from before failover kept the details export as stand-ins that classify as they did.
    @Test func olderRowsExportAsStandInsOfTheirKind() throws {
        let scratch = try recorded()
        let before = try OutcomeScene.ledger(scratch)
        try DatabaseQueue(path: scratch.path("var/failover.sqlite")).write { db in
            try db.execute(sql: "UPDATE task_usage SET status = NULL, error_type = NULL, message = NULL, retry_after = NULL, stated_tier = NULL")
        }
        let exported = try run(scratch, ["outcomes"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains(#""status":401,"error_type":"authentication_error","message":"recorded before failover kept error details"#))
        let copy = try ScratchDirectory()
        try copy.write("failover.yaml", OutcomeScene.config)
        #expect(try run(copy, ["record"], stdin: exported.stdout).status == 0)
        let kinds = { (ledger: [NSDictionary]) in ledger.map { "\($0["agent"] ?? "") \($0["kind"] ?? "") \($0["failure_kind"] ?? "")" } }
        // Without the tiers the lines named, the late result (line 3) is no longer late: it steps.
        let expected = kinds(before)
        let got = kinds(try OutcomeScene.ledger(copy))
        #expect(got.filter { !$0.contains("coder-1") } == expected.filter { !$0.contains("coder-1") })
    }

    @Test func anEmptyDatabaseExportsNothingAndSaysSo() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        #expect(try run(scratch, ["cycle"]).status == 0)
        let result = try run(scratch, ["outcomes", "--since", "7d"])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(result.stderr == "no recorded outcomes match --since \"7d\" (2026-11-18T00:00:00Z)\n", "\(result.stderr)")
        let all = try run(scratch, ["outcomes"])
        #expect(all.status == 0 && all.stdout.isEmpty && all.stderr == "no recorded outcomes in \(scratch.path("var/failover.sqlite"))\n", "\(all.stderr)")
    }

    /// A read-only export: no database is made where none is, and an existing one is left as it was.
    @Test func aMissingDatabaseIsRefusedAndNeverMade() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        let result = try run(scratch, ["outcomes"])
        #expect(result.status == 1 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(result.stderr.contains("no database at \(scratch.path("var/failover.sqlite")) (service.database of \(scratch.path("failover.yaml")))"), "\(result.stderr)")
        #expect(result.stderr.contains("run where the fleet's database is"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var")), "nothing was created")
    }

    @Test func exportingLeavesTheDatabaseAsItWas() throws {
        let scratch = try recorded()
        func files() throws -> [String: Data] {
            var found: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path("var")) where name.hasPrefix("failover.sqlite") {
                found[name] = try Data(contentsOf: URL(fileURLWithPath: scratch.path("var/" + name)))
            }
            return found
        }
        let before = try files()
        #expect(before.keys.sorted() == ["failover.sqlite"], "\(before.keys)")
        let exported = try run(scratch, ["outcomes"])
        #expect(exported.status == 0 && exported.stdout.split(separator: "\n").count == OutcomeScene.lines.count, "\(exported.stderr)")
        #expect(try files() == before, "no byte written, no side file left")
    }

    /// Nothing matched: stdout stays empty (a pipe into `simulate` reads no lines), the exit status 0,
    /// and one line on stderr says which filters matched nothing, and why when it can tell.
    @Test func filtersThatMatchNothingSaySo() throws {
        let scratch = try recorded()
        func nothing(_ arguments: [String]) throws -> String {
            let result = try run(scratch, ["outcomes"] + arguments)
            #expect(result.status == 0 && result.stdout.isEmpty, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            return result.stderr
        }
        let unknown = try nothing(["--agent", "nobody"])
        #expect(unknown.hasPrefix("no recorded outcomes match --agent \"nobody\": no agent of that name is in \(scratch.path("failover.yaml")) or has ever recorded an outcome"), "\(unknown)")
        #expect(try nothing(["--agent", "codr-1"]).contains("(did you mean \"coder-1\"?)"))
        let reversed = try nothing(["--since", "7d", "--until", "8d"])
        #expect(reversed == "no recorded outcomes match --since \"7d\" (2026-11-18T00:00:00Z) --until \"8d\" (2026-11-17T00:00:00Z): --since is not before --until, so none can\n", "\(reversed)")
        // A configured agent, a quiet hour: no reason to add.
        let quiet = try nothing(["--agent", "coder-2", "--since", "2026-11-24T20:00:00Z"])
        #expect(quiet == "no recorded outcomes match --agent \"coder-2\" --since 2026-11-24T20:00:00Z\n", "\(quiet)")
        // An agent the config no longer lists, which did record: not called unknown.
        try scratch.write("failover.yaml", OutcomeScene.config.replacingOccurrences(of: "instances: [coder-1, coder-2]", with: "instances: [coder-1]"))
        #expect(try run(scratch, ["outcomes", "--agent", "coder-2"]).stdout.split(separator: "\n").count == 3)
        let removed = try nothing(["--agent", "coder-2", "--since", "2026-11-24T20:00:00Z"])
        #expect(removed == quiet, "\(removed)")
    }
}
