import Foundation
import Testing

/// What a killed `cycle`, `record` or `render` leaves beside its files is removed by the next one,
/// whatever pid its name carries: a failover run as pid 1 of a fresh container names a pid that is
/// always alive outside it, so a pid check would keep its debris (env files with keys, whole site
/// copies) forever. Holding the lock every writer holds is what makes the debris safe to remove.
@Suite struct KilledWriterDebrisTests {
    static let environment = ["ANTHROPIC_API_KEY": "sk-ant-debris-test-0000000000000"]

    static let config = CLIFleets.twoCoders

    /// Temporaries named as `AtomicFile.write` names them, with pids that are alive here.
    static let livePIDs: [Int32] = [1, ProcessInfo.processInfo.processIdentifier]

    static func plantTemporaries(in envDir: String) throws -> [String] {
        try livePIDs.enumerated().map { index, pid in
            let path = "\(envDir)/.coder-\(index + 1).env.tmp-\(pid)-\(1000 + index)"
            try Data("ANTHROPIC_API_KEY=sk-ant-debris-test-0000000000000\n".utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    func run(_ scratch: ScratchDirectory, _ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", scratch.path("failover.yaml"), "--now", "2026-11-24T10:00:00Z"], stdin: stdin, environment: Self.environment)
    }

    @Test func aCycleRemovesEnvTemporariesWhateverTheirPid() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        #expect(try run(scratch, ["cycle"]).status == 0)
        let planted = try Self.plantTemporaries(in: scratch.path("var/env"))
        // Names `write` never gives are not debris.
        let notes = try scratch.write("var/env/.notes.tmp-backup", "mine")
        let result = try run(scratch, ["cycle"])
        #expect(result.status == 0, "\(result.stderr)")
        for path in planted { #expect(!FileManager.default.fileExists(atPath: path), "\(path) survived a cycle") }
        #expect(FileManager.default.fileExists(atPath: notes))
    }

    @Test func aRecordThatWritesAnEnvFileRemovesThemToo() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        #expect(try run(scratch, ["cycle"]).status == 0)
        let planted = try Self.plantTemporaries(in: scratch.path("var/env"))
        let step = #"{"agent":"coder-1","at":"2026-11-24T09:59:00Z","outcome":"error","status":401,"error_type":"authentication_error"}"#
        let result = try run(scratch, ["record", "--json"], stdin: step)
        #expect(result.status == 0 && result.stdout.contains(#""recreate":true"#), "\(result.stdout)\(result.stderr)")
        for path in planted { #expect(!FileManager.default.fileExists(atPath: path), "\(path) survived a record that wrote an env file") }
    }

    static func stagingFolders(beside site: String) throws -> [String] {
        let parent = (site as NSString).deletingLastPathComponent, name = (site as NSString).lastPathComponent
        return try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".\(name).staging-") }.sorted()
    }

    @Test func aRenderRemovesStagingFoldersNamedWithLivePids() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        #expect(try run(scratch, ["cycle"]).status == 0)
        #expect(try run(scratch, ["render"]).status == 0)
        for pid in Self.livePIDs {
            try scratch.write(".public.staging-\(pid)-4242/index.html", "a killed render's copy")
        }
        let result = try run(scratch, ["render"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.stagingFolders(beside: scratch.path("public")).isEmpty)
        #expect(try String(contentsOfFile: scratch.path("public/index.html"), encoding: .utf8).contains("coder-1"))
    }

    /// The case as it happens: `render` as pid 1 of its own pid namespace, killed while it stages.
    @Test func rendersKilledAsPidOneOfTheirNamespaceLeaveNothingBehind() throws {
        let unshare = try #require(["/usr/bin/unshare", "/bin/unshare"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                   "unshare not found: install util-linux (scripts/install-deps lists it)")
        // Root makes a pid namespace directly; anyone else needs a user namespace to make one in.
        let namespace = [unshare] + (getuid() == 0 ? [] : ["--user", "--map-root-user"]) + ["--pid", "--fork", "--mount-proc", "--"]
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        #expect(try run(scratch, ["cycle"]).status == 0)
        let site = scratch.path("public")
        for round in 1...3 {
            let killed = try CLI.run(["render", "--config", scratch.path("failover.yaml")],
                                     environment: ["FAILOVER_FAULT": "render.staged"], via: namespace)
            try #require(killed.status != 0, "round \(round): the render was not killed; could \(unshare) make a pid namespace? \(killed.stderr)")
            let left = try Self.stagingFolders(beside: site)
            try #require(!left.isEmpty, "round \(round): the killed render left no staging folder, so this test shows nothing: \(killed.stderr)")
            #expect(left.allSatisfy { $0.hasPrefix(".public.staging-1-") }, "round \(round): not pid 1: \(left)")
            #expect(left.count == 1, "round \(round): earlier killed renders' staging folders piled up: \(left)")
        }
        let outside = try run(scratch, ["render"])
        #expect(outside.status == 0, "\(outside.stderr)")
        #expect(try Self.stagingFolders(beside: site).isEmpty, "a normal render kept a killed one's staging folder")
        _ = try CLI.run(["render", "--config", scratch.path("failover.yaml")], environment: ["FAILOVER_FAULT": "render.staged"], via: namespace)
        try #require(try Self.stagingFolders(beside: site).count == 1)
        // Pid 1 again: its own fresh staging folder bears the same pid as the debris, and must survive the sweep.
        let inside = try CLI.run(["render", "--config", scratch.path("failover.yaml")], via: namespace)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(try Self.stagingFolders(beside: site).isEmpty)
        #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8).contains("coder-1"))
    }
}
