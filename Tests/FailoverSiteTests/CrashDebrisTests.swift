import FailoverCore
@testable import FailoverSite
import Foundation
import Testing

/// What a killed render can leave beside the site, and the next render clearing it.
@Suite struct CrashDebrisTests {
    /// A pid that certainly belonged to a process that has exited (and been reaped).
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// Under the folder lock every staging folder is a killed render's, whatever its pid: a render run
    /// as pid 1 of a container's pid namespace names a pid that is alive here.
    @Test func stagingFoldersOfKilledRendersAreRemovedWhateverTheirPid() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        var debris: [String] = []
        for pid in [try Self.deadPID(), 1, getpid()] {
            let folder = fleet.folder + "/.public.staging-\(pid)-12345"
            try FileManager.default.createDirectory(atPath: folder + "/agents", withIntermediateDirectories: true)
            try Data(count: 4096).write(to: URL(fileURLWithPath: folder + "/agents/coder-1.html.new"))
            debris.append(folder)
        }
        // Names render never makes are not its to remove.
        let other = fleet.folder + "/.public.staging-notes"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        for folder in debris { #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) survived") }
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(try fleet.text("index.html").contains("2026-11-24T10:01:00Z"))
    }

    /// The sweep comes before the render makes its own staging folder, which carries this process's
    /// pid like the debris does: a first render (no previous generation, so a fresh folder) publishes.
    @Test func theSweepSparesTheRendersOwnStagingFolder() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try FileManager.default.createDirectory(atPath: fleet.folder + "/.public.staging-\(getpid())-1", withIntermediateDirectories: true)
        try fleet.render()
        #expect(try fleet.text("index.html").contains("coder-1"))
        let left = try FileManager.default.contentsOfDirectory(atPath: fleet.folder).filter { $0.hasPrefix(".public.staging-") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aSwapCutInHalfIsPutBack() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        // Killed between the two renames of a swap without RENAME_EXCHANGE: the site is set aside.
        let aside = fleet.folder + "/.public.swapping"
        try FileManager.default.moveItem(atPath: fleet.siteFolder, toPath: aside)
        try fleet.render(at: RenderedFleet.t0 + .minutes(2))
        #expect(!FileManager.default.fileExists(atPath: aside))
        #expect(try fleet.text("index.html").contains("2026-11-24T10:02:00Z"))
        #expect(try fleet.text("style.css").contains("failover status site"))
        // Killed after the second rename: the site is in place and the aside is the old generation.
        try FileManager.default.createDirectory(atPath: aside + "/agents", withIntermediateDirectories: true)
        try "old".write(toFile: aside + "/index.html", atomically: false, encoding: .utf8)
        try fleet.render(at: RenderedFleet.t0 + .minutes(3))
        #expect(!FileManager.default.fileExists(atPath: aside))
        #expect(try fleet.text("index.html").contains("2026-11-24T10:03:00Z"))
    }

    @Test func aPreviousGenerationWithTemporaryFilesAndNoManifestIsRebuilt() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        for minute in 0..<3 { try fleet.render(at: RenderedFleet.t0 + .minutes(minute)) }
        // A render died while updating the previous generation in place.
        let previous = fleet.folder + "/.public.previous"
        try FileManager.default.removeItem(atPath: previous + "/" + SiteManifest.fileName)
        try "torn".write(toFile: previous + "/index.html.new", atomically: false, encoding: .utf8)
        try "torn".write(toFile: previous + "/style.css.link", atomically: false, encoding: .utf8)
        try fleet.render(at: RenderedFleet.t0 + .minutes(5))
        try fleet.render(at: RenderedFleet.t0 + .minutes(6))
        for folder in [fleet.siteFolder, previous] {
            let temporary = FileTree.walk(folder).filter { $0.hasSuffix(".new") || $0.hasSuffix(".link") }
            #expect(temporary.isEmpty, "\(folder): \(temporary)")
        }
        #expect(try fleet.text("index.html").contains("2026-11-24T10:06:00Z"))
    }

    @Test func onlyStagingNamesOfThisSiteAreRecognised() {
        let folder = SiteFolder(path: "/srv/public", parent: "/srv", name: "public")
        #expect(folder.stagingOwner(".public.staging-123-456") == 123)
        #expect(folder.stagingOwner(".public.staging-123-456.swapping") == nil)
        #expect(folder.stagingOwner(".public.staging-x-456") == nil)
        #expect(folder.stagingOwner(".public.staging-12-34.staging-5-6") == nil)
        #expect(folder.stagingOwner(".publicx.staging-1-2") == nil)
        #expect(folder.stagingOwner(".public.previous") == nil)
    }
}
