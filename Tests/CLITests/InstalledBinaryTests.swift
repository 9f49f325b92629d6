import Foundation
import Testing

/// The binary copied away from the checkout, run by name from PATH as after `scripts/install`.
@Suite struct InstalledBinaryTests {
    /// Runs `failover` by name, found through PATH, with no FAILOVER_SHARE and no FAILOVER_CONFIG.
    static func runByName(_ arguments: [String], bin: String, in directory: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["failover"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "FAILOVER_SHARE")
        environment.removeValue(forKey: "FAILOVER_CONFIG")
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func aCopiedBinaryRunByNameRendersACompleteSiteWithNothingBesideIt() throws {
        let scratch = try ScratchDirectory()
        let bin = scratch.path("bin"), work = scratch.path("work")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.binary.path, toPath: bin + "/failover")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["bin", "work"], "no share folder anywhere near")

        let demo = try Self.runByName(["demo", "--out", "fleet", "--now", "2026-11-24T18:00:00Z"], bin: bin, in: work)
        #expect(demo.status == 0, "\(demo.stderr)")
        let site = work + "/fleet/public"
        try SiteCheck.expectComplete(site)
        for page in ["docs/operations.html", "docs/config.html", "docs/exports.html", "style.css", "site.js", "favicon.svg", "docs/images/status-page.png"] {
            #expect(FileManager.default.fileExists(atPath: site + "/" + page), "\(page) is part of the site")
        }

        // `render` by name, finding failover.yaml in the working folder, into a fresh folder.
        let render = try Self.runByName(["render", "--out", "again", "--now", "2026-11-24T18:05:00Z"], bin: bin, in: work + "/fleet")
        #expect(render.status == 0, "\(render.stderr)")
        try SiteCheck.expectComplete(work + "/fleet/again")
        #expect(try String(contentsOfFile: work + "/fleet/again/docs/operations.html", encoding: .utf8).contains("Operating the fleet"))
    }
}
