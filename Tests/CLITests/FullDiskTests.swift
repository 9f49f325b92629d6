import Foundation
import Testing

/// A small tmpfs of our own, for filling a disk on purpose. Mounting needs root; where the test
/// cannot mount one, it is skipped and says why.
final class SmallDisk {
    let path: String

    static let canMount: Bool = {
        guard let disk = try? SmallDisk(kilobytes: 64) else { return false }
        disk.unmount()
        return true
    }()

    init(kilobytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("small-disk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.shell("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]) == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    /// Fills the disk, leaving `leaving` kilobytes.
    func fill(leaving: Int) throws {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { throw CocoaError(.fileReadUnknown) }
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        try Data(count: max(0, free - leaving * 1024)).write(to: URL(fileURLWithPath: path + "/filler"))
    }

    func free() { try? FileManager.default.removeItem(atPath: path + "/filler") }

    func unmount() {
        _ = Self.shell("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { unmount() }

    static func shell(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Issue 10, full disk: a verb that runs out of space writes nothing, puts back the env files it
/// rewrote, says so with exit 1, and the same command succeeds once there is room.
@Suite(.enabled(if: SmallDisk.canMount, "needs root to mount a small tmpfs to fill; run the suite as root to include it"))
struct FullDiskTests {
    static let environment = ["ANTHROPIC_API_KEY": "sk-ant-full-disk-000000000000000"]

    static func config(database: String = "var/failover.sqlite", envDir: String = "var/env") -> String {
        """
        service: { database: \(database), env_dir: \(envDir) }
        agent_types:
          coder:
            instances: [coder-1, coder-2, coder-3]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: ollama, model: "qwen3-coder:30b" }
        """
    }

    /// Many outcomes, the last few stepping every agent down.
    static let batch: String = (0..<3000).map { index -> String in
        let failing = index >= 2990
        return #"{"agent":"coder-\#(index % 3 + 1)","at":"2026-11-24T10:00:00Z","outcome":"\#(failing ? "error" : "success")","status":401,"message":"\#(String(repeating: "m", count: 200))"}"#
    }.joined(separator: "\n")

    func run(_ scratch: ScratchDirectory, _ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", scratch.path("failover.yaml"), "--now", "2026-11-24T10:01:00Z"], stdin: stdin, environment: Self.environment)
    }

    func envFiles(_ scratch: ScratchDirectory) -> [String: Data] {
        Dictionary(uniqueKeysWithValues: (1...3).map { ("coder-\($0)", FileManager.default.contents(atPath: scratch.path("var/env/coder-\($0).env")) ?? Data()) })
    }

    @Test func aFullDatabaseDiskWritesNothingAndPutsTheEnvFilesBack() throws {
        let disk = try SmallDisk(kilobytes: 1024)
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config(database: disk.path + "/failover.sqlite"))
        #expect(try run(scratch, ["cycle"]).status == 0)
        let before = envFiles(scratch)
        // Room to open the database (SQLite's -shm takes 32 KB), not to write the batch: it fails mid-write.
        try disk.fill(leaving: 64)
        let full = try run(scratch, ["record"], stdin: Self.batch)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("is full; nothing was written"), "\(full.stderr)")
        #expect(envFiles(scratch) == before, "an env file stayed on the new tier")
        disk.free()
        let status = try run(scratch, ["status", "--json"])
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(agents.count == 3 && agents.allSatisfy { $0["tier"] as? Int == 1 }, "a step was committed: \(status.stdout)")
        let retried = try run(scratch, ["record", "--json"], stdin: Self.batch)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(envFiles(scratch) != before)
        #expect(try CLI.run(["verify", "--config", scratch.path("failover.yaml")]).status == 0)
    }

    @Test func aFullEnvDiskWritesNothing() throws {
        let disk = try SmallDisk(kilobytes: 64)
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config(envDir: disk.path + "/env"))
        #expect(try run(scratch, ["cycle"]).status == 0)
        let events = try run(scratch, ["events", "--json"]).stdout
        try disk.fill(leaving: 0)
        let full = try run(scratch, ["record"], stdin: Self.batch)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(try run(scratch, ["events", "--json"]).stdout == events, "the ledger changed")
        disk.free()
        #expect(try run(scratch, ["record"], stdin: Self.batch).status == 0)
        #expect(try run(scratch, ["events", "--json"]).stdout != events)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/env").filter { $0.hasPrefix(".") }.isEmpty)
    }
}

extension FullDiskTests {
    /// The env files are written inside the transaction; a commit that fails on a full disk puts
    /// them back: same content, but rewritten (a later modification time), which shows the rollback ran.
    @Test func aCommitThatFailsPutsBackTheEnvFilesItRewrote() throws {
        let disk = try SmallDisk(kilobytes: 1024)
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config(database: disk.path + "/failover.sqlite"))
        #expect(try run(scratch, ["cycle"]).status == 0)
        let before = envFiles(scratch)
        let written = try FileManager.default.attributesOfItem(atPath: scratch.path("var/env/coder-1.env"))[.modificationDate] as? Date
        try disk.fill(leaving: 48)
        // Room for SQLite to open the database, not for the commit; one small outcome stays in SQLite's page
        // cache, so nothing reaches the disk before the commit, which comes after the env files are written.
        let steps = #"{"agent":"coder-1","at":"2026-11-24T10:00:00Z","outcome":"error","status":401}"#
        let failed = try run(scratch, ["record"], stdin: steps)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(envFiles(scratch) == before)
        let after = try FileManager.default.attributesOfItem(atPath: scratch.path("var/env/coder-1.env"))[.modificationDate] as? Date
        #expect(after != written, "the env file was never rewritten: the failure came before the env files, so the rollback was not exercised")
        disk.free()
        #expect(try run(scratch, ["record"], stdin: steps).status == 0)
        #expect(envFiles(scratch) != before)
    }
}

extension FullDiskTests {
    /// Readers need room too: SQLite makes its -wal and -shm files beside the database to read it. On
    /// a full disk they fail saying so, and not what a writer says (that env files were put back).
    @Test func readersOnAFullDiskSayWhatFailedAndThatNothingChanged() throws {
        let disk = try SmallDisk(kilobytes: 1024)
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", Self.config(database: disk.path + "/failover.sqlite"))
        #expect(try run(scratch, ["cycle"]).status == 0)
        let readers = [["status"], ["events"], ["verify"], ["render"], ["backup", scratch.path("backup.sqlite")]]
        try disk.fill(leaving: 0)
        for verb in readers {
            let result = try CLI.run(verb + ["--config", config], environment: Self.environment)
            #expect(result.status == 1, "\(verb): \(result.stderr)")
            #expect(result.stderr.contains("the disk holding \(disk.path)/failover.sqlite is full"), "\(verb): \(result.stderr)")
            #expect(result.stderr.contains("-shm") && result.stderr.contains("nothing was changed"), "\(verb): \(result.stderr)")
            #expect(!result.stderr.contains("env files"), "\(verb) speaks as a writer: \(result.stderr)")
        }
        disk.free()
        for verb in readers {
            let result = try CLI.run(verb + ["--config", config], environment: Self.environment)
            #expect(result.status == 0, "\(verb) after freeing space: \(result.stderr)")
        }
    }
}
