import Foundation
import GRDB
import Testing

/// What every verb does with a database that is damaged, empty or someone else's, through the real
/// binary: specs/operations.md "Failure and recovery".
@Suite struct DatabaseFaultCommandTests {
    static let outcome = #"{"agent":"coder-1","at":"2026-11-30T01:00:00Z","outcome":"error","status":401,"error_type":"authentication_error"}"#

    /// The verbs the dispatcher and the batch job run, and the operator's.
    func everyVerb(_ fleet: FaultFleet) throws -> [(verb: String, result: CLI.Result)] {
        [
            ("record", try fleet.run(["record", "--now", "2026-11-30T01:00:00Z"], stdin: Self.outcome)),
            ("cycle", try fleet.run(["cycle", "--now", "2026-11-30T01:00:00Z"])),
            ("status", try fleet.run(["status"])),
            ("events", try fleet.run(["events"])),
            ("render", try fleet.run(["render", "--out", fleet.scratch.path("site")])),
            ("backup", try fleet.run(["backup", fleet.scratch.path("copy.sqlite")])),
        ]
    }

    @Test(arguments: DatabaseDamage.allCases)
    func aDamagedDatabaseFailsEveryVerbWithExitOneAndTheWayOut(_ damage: DatabaseDamage) throws {
        let fleet = try FaultFleet()
        try fleet.populate()
        let envBefore = try fleet.envFiles()
        try damage.apply(to: fleet.database)

        for (verb, result) in try everyVerb(fleet) {
            if damage == .stateTableGarbled, verb == "events" {
                // SQLite reports damage on the pages a query reads; the ledger is whole, so listing it works.
                // Only `verify` reads every page.
                expectOK(result)
                continue
            }
            #expect(result.status == 1, "\(verb) exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains(fleet.database) && result.stderr.contains("damaged"), "\(verb): \(result.stderr)")
            #expect(result.stderr.contains("failover verify") && result.stderr.contains("failover backup"), "\(verb): \(result.stderr)")
            #expect(!result.stderr.contains("internal error"), "\(verb): \(result.stderr)")
        }
        #expect(try fleet.envFiles() == envBefore, "no env file is rewritten from a damaged database")
        #expect(!FileManager.default.fileExists(atPath: fleet.scratch.path("site")), "no site is rendered from it")
        #expect(!FileManager.default.fileExists(atPath: fleet.scratch.path("copy.sqlite")), "no backup is made of it")

        let verify = try fleet.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("failed SQLite's integrity check"), "\(verify.stderr)")
        #expect(verify.stderr.contains("copy your latest `failover backup` in its place"))
        #expect(!verify.stdout.contains("events replayed"), "the ledger of a damaged file is not replayed")
    }

    @Test func aZeroLengthDatabaseIsRefusedAndNothingStartsOver() throws {
        let fleet = try FaultFleet()
        try FileManager.default.createDirectory(atPath: fleet.scratch.path("var"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: fleet.database, contents: Data()))
        for (verb, result) in try everyVerb(fleet) {
            #expect(result.status == 1, "\(verb) exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("\(fleet.database) is an empty file"), "\(verb): \(result.stderr)")
        }
        #expect(try fleet.run(["verify"]).status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fleet.database)).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fleet.scratch.path("var")) == ["failover.sqlite"], "no env files, no WAL")
        #expect(!FileManager.default.fileExists(atPath: fleet.scratch.path("site")))
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let fleet = try FaultFleet()
        let text = String(repeating: "# not a database\n", count: 20)
        try fleet.scratch.write("var/failover.sqlite", text)
        for (verb, result) in try everyVerb(fleet) {
            #expect(result.status == 1, "\(verb) exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("\(fleet.database) is not a failover database"), "\(verb): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: fleet.database, encoding: .utf8) == text)
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftByteForByte() throws {
        let fleet = try FaultFleet()
        try FileManager.default.createDirectory(atPath: fleet.scratch.path("var"), withIntermediateDirectories: true)
        try DatabaseQueue(path: fleet.database).write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 100)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: fleet.database))
        for (verb, result) in try everyVerb(fleet) {
            #expect(result.status == 1, "\(verb) exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("tables failover does not make: invoices"), "\(verb): \(result.stderr)")
            #expect(result.stderr.contains("point service.database at a file of its own"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fleet.database)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fleet.scratch.path("var")) == ["failover.sqlite"])
    }

    @Test func restoringFromABackupAsDocumented() throws {
        // specs/operations.md: stop the dispatcher, move the damaged file aside, copy the backup in, verify.
        let fleet = try FaultFleet()
        try fleet.populate()
        expectOK(try fleet.run(["backup", fleet.scratch.path("nightly.sqlite")]))
        let status = try fleet.run(["status"]).stdout
        try DatabaseDamage.garbagePages.apply(to: fleet.database)
        #expect(try fleet.run(["verify"]).status == 1)

        try FileManager.default.moveItem(atPath: fleet.database, toPath: fleet.scratch.path("var/failover.sqlite.damaged"))
        try FileManager.default.copyItem(atPath: fleet.scratch.path("nightly.sqlite"), toPath: fleet.database)
        let verify = try fleet.run(["verify"])
        expectOK(verify)
        #expect(verify.stdout.contains("passed SQLite's integrity check") && verify.stdout.contains("the ledger reproduces the state table"))
        #expect(try fleet.run(["status"]).stdout == status)
        expectOK(try fleet.run(["cycle"]))
    }
}
