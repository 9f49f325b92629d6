import FailoverCore
import Foundation
import GRDB
import TestSupport
import Testing

/// Exit 75 when the write lock cannot be had, and `failover backup` beside running writers, through
/// the real binary: specs/failover.md "Store", specs/operations.md "Failure and recovery".
@Suite struct LockAndBackupCommandTests {
    static let authError = #"{"agent":"coder-1","at":"2026-11-24T09:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","input_tokens":5,"output_tokens":0,"tier":1}"#

    @Test func aRecordThatCannotGetTheLockExits75HavingWrittenNothing() throws {
        let fleet = try FaultFleet(lockTimeout: "1s")
        expectOK(try fleet.run(["cycle", "--now", "2026-11-24T08:00:00Z"]))
        let envBefore = try fleet.envFiles()
        let eventsBefore = try fleet.count("agent_provider_events")
        #expect(envBefore.count == 3 && eventsBefore > 0)

        let holder = try WriteLockHolder(path: fleet.database)
        let started = Date()
        let record = try fleet.run(["record", "--now", "2026-11-24T09:00:00Z"], stdin: Self.authError)
        let waited = Date().timeIntervalSince(started)
        #expect(record.status == 75, "\(record.stderr)")
        #expect(record.stderr.contains("\(fleet.database) stayed locked by another process for 1 s (service.lock_timeout)"), "\(record.stderr)")
        #expect(record.stderr.contains("nothing was written and it is safe to retry"))
        #expect(waited >= 0.9, "it waited \(waited) s, not the configured second")
        let cycle = try fleet.run(["cycle", "--now", "2026-11-24T09:00:00Z"])
        #expect(cycle.status == 75, "every writer: \(cycle.stderr)")
        holder.release()
        holder.waitUntilReleased()

        #expect(try fleet.count("task_usage") == 0)
        #expect(try fleet.count("agent_provider_events") == eventsBefore)
        #expect(try fleet.envFiles() == envBefore)

        // The dispatcher's retry, once the lock is free, applies the outcome.
        let retry = try fleet.run(["record", "--json", "--now", "2026-11-24T09:00:00Z"], stdin: Self.authError)
        expectOK(retry)
        #expect(retry.stdout.contains(#""to_tier":2"#))
        #expect(try fleet.count("task_usage") == 1)
        #expect(try fleet.envFiles()["coder-1.env"] != envBefore["coder-1.env"])
    }

    @Test func aRecordWaitsForALockReleasedWithinTheTimeout() throws {
        let fleet = try FaultFleet(lockTimeout: "30s")
        expectOK(try fleet.run(["cycle", "--now", "2026-11-24T08:00:00Z"]))
        let holder = try WriteLockHolder(path: fleet.database)
        holder.release(after: 0.5)
        let started = Date()
        let record = try fleet.run(["record", "--now", "2026-11-24T09:00:00Z"], stdin: Self.authError)
        expectOK(record)
        #expect(Date().timeIntervalSince(started) >= 0.45)
        holder.waitUntilReleased()
        #expect(try fleet.count("task_usage") == 1)
    }

    @Test func aBackupTakenWhileRecordsRunIsAWholeDatabase() throws {
        let fleet = try FaultFleet(lockTimeout: "30s")
        try fleet.populate()
        // The dispatcher keeps recording while the backups run.
        let writing = DispatchGroup()
        let statuses = Statuses()
        writing.enter()
        let config = fleet.config
        DispatchQueue.global().async {
            defer { writing.leave() }
            for batch in 0..<12 {
                let result = try? CLI.run(["record", "--now", "2026-12-30T00:00:00Z", "--config", config],
                                          stdin: FaultFleet.outcomes(50, from: 600 + batch * 50), environment: FaultFleet.environment)
                statuses.append(result?.status ?? -1)
            }
        }
        var copies: [String] = []
        var takenWhileWriting = 0
        while copies.count < 3 || (copies.count < 20 && writing.wait(timeout: .now()) == .timedOut) {
            let copy = fleet.scratch.path("backups/copy-\(copies.count).sqlite")
            try FileManager.default.createDirectory(atPath: fleet.scratch.path("backups"), withIntermediateDirectories: true)
            let backup = try fleet.run(["backup", copy])
            expectOK(backup)
            #expect(backup.stdout.contains("integrity checked"))
            copies.append(copy)
            if writing.wait(timeout: .now()) == .timedOut { takenWhileWriting += 1 }
        }
        writing.wait()
        #expect(takenWhileWriting >= 1, "the backups overlapped the writes")
        #expect(statuses.all == Array(repeating: 0, count: 12), "no record was disturbed by the backups")
        #expect(statuses.all.count == 12)

        for copy in copies {
            let restored = try ScratchDirectory()
            try restored.write("failover.yaml", try String(contentsOfFile: fleet.config, encoding: .utf8) + "\n  # restored\n")
            try FileManager.default.createDirectory(atPath: restored.path("var"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: copy, toPath: restored.path("var/failover.sqlite"))
            let verify = try CLI.run(["verify", "--config", restored.path("failover.yaml")])
            expectOK(verify)
            #expect(verify.stdout.contains("passed SQLite's integrity check") && verify.stdout.contains("the ledger reproduces the state table"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fleet.scratch.path("backups")).allSatisfy { $0.hasPrefix("copy-") && $0.hasSuffix(".sqlite") })
    }

    @Test func aBackupRefusesToReplaceAFileUnlessForced() throws {
        let fleet = try FaultFleet()
        try fleet.populate()
        let target = try fleet.scratch.write("nightly.sqlite", "last night's")
        let refused = try fleet.run(["backup", target])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(target) already exists") && refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "last night's")
        let notADatabase = try fleet.run(["backup", "--force", target])
        #expect(notADatabase.status == 1 && notADatabase.stderr.contains("it is not a SQLite database (an earlier backup), so --force does not replace it"), "\(notADatabase.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "last night's")
        let config = try String(contentsOfFile: fleet.config, encoding: .utf8)
        #expect(try fleet.run(["backup", "--force", fleet.config]).status == 1)
        #expect(try String(contentsOfFile: fleet.config, encoding: .utf8) == config, "the config is never replaced by a database")
        try FileManager.default.removeItem(atPath: target)
        expectOK(try fleet.run(["backup", target]))
        expectOK(try fleet.run(["backup", "--force", target]))
        #expect(try DatabaseQueue(path: target).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task_usage") } == 600)
        let ontoItself = try fleet.run(["backup", "--force", fleet.database])
        #expect(ontoItself.status == 1 && ontoItself.stderr.contains("that is the database itself"))
    }
}

/// Exit statuses collected from another thread.
final class Statuses: Sendable {
    private let items = LockedBox<[Int32]>([])

    func append(_ status: Int32) { items.withLockedValue { $0.append(status) } }
    var all: [Int32] { items.withLockedValue { $0 } }
}
