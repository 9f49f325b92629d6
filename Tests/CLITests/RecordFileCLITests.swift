import Foundation
import Testing

/// `record --file` says which of the reasons stopped it, as `simulate --file` does (one opener, `InputFile`).
@Suite struct RecordFileCLITests {
    @Test func aFileThatCannotBeReadSaysWhy() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("failover.yaml", CLIFleets.twoCoders)
        let missing = try CLI.run(["record", "--config", config, "--file", scratch.path("nothing.jsonl")])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read --file \(scratch.path("nothing.jsonl")): no such file"), "\(missing.stderr)")
        let folder = try CLI.run(["record", "--config", config, "--file", scratch.url.path])
        #expect(folder.status == 1 && folder.stderr.contains("cannot read --file \(scratch.url.path): it is a folder"), "\(folder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var/failover.sqlite")), "nothing was written")
    }
}
