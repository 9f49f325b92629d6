import FailoverCore
@testable import FailoverSite
import Foundation
import Testing

/// Symlinks, operator files, modes and permission errors around the site folder.
@Suite struct SiteFolderRulesTests {
    static func inode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.systemFileNumber] as! NSNumber).intValue
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test func aSymlinkedSiteFolderIsPublishedThroughAndStaysALink() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let real = fleet.folder + "/www/status"
        try FileManager.default.createDirectory(atPath: fleet.folder + "/www", withIntermediateDirectories: true)
        // Dangling at first, as a link into a tmpfs is after a reboot.
        try FileManager.default.createSymbolicLink(atPath: fleet.siteFolder, withDestinationPath: "www/status")
        for minute in 0..<3 {
            try fleet.render(at: RenderedFleet.t0 + .minutes(minute))
            #expect(FileTree.kind(fleet.siteFolder) == .link, "render \(minute): the link is kept")
            #expect(FileTree.kind(real) == .folder)
            #expect(try fleet.text("index.html").contains("2026-11-24T10:0\(minute):00Z"), "read through the link")
        }
        let beside = try FileManager.default.contentsOfDirectory(atPath: fleet.folder + "/www").sorted()
        #expect(beside == [".status.lock", ".status.previous", "status"])
        #expect(try !FileManager.default.contentsOfDirectory(atPath: fleet.folder).contains { $0.hasPrefix(".public.") })
    }

    @Test func symlinksWhereRenderKeepsItsOwnFilesAreRefusedAndNotFollowed() throws {
        for sibling in [".public.lock", ".public.previous", ".public.staging-\(try CrashDebrisTests.deadPID())-1"] {
            let fleet = try RenderedFleet()
            try fleet.simulate()
            try fleet.render()
            let victim = fleet.folder + "/victim"
            try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: true)
            try "keep".write(toFile: victim + "/file", atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: fleet.folder + "/" + sibling)
            try FileManager.default.createSymbolicLink(atPath: fleet.folder + "/" + sibling, withDestinationPath: victim)
            #expect(throws: PublishError.self) { try fleet.render(at: RenderedFleet.t0 + .minutes(1)) }
            do {
                try fleet.render(at: RenderedFleet.t0 + .minutes(1))
            } catch let error as PublishError {
                #expect(error.isUserError, "\(sibling)")
                #expect(error.path.hasSuffix(sibling) && error.reason.contains("symbolic link"), "\(error)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: victim) == ["file"], "\(sibling): the link's target is untouched")
            #expect(try fleet.text("index.html").contains("2026-11-24T10:00:00Z"), "the published site is untouched")
        }
    }

    @Test func anOperatorsFilesAreCarriedIntoEveryGenerationUntilRemoved() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try "User-agent: *\nDisallow: /\n".write(toFile: fleet.siteFolder + "/robots.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: fleet.siteFolder + "/.well-known", withIntermediateDirectories: true)
        try "Contact: mailto:ops@example.com\n".write(toFile: fleet.siteFolder + "/.well-known/security.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: fleet.siteFolder + "/latest.html", withDestinationPath: "index.html")
        let robots = try Self.inode(fleet.siteFolder + "/robots.txt")
        for minute in 1...4 {
            try fleet.render(at: RenderedFleet.t0 + .minutes(minute))
            #expect(try Self.inode(fleet.siteFolder + "/robots.txt") == robots, "render \(minute): the same file, carried by hard link")
            #expect(try fleet.text(".well-known/security.txt").contains("ops@example.com"), "render \(minute)")
            #expect(FileTree.readLink(fleet.siteFolder + "/latest.html") == "index.html", "render \(minute): a link stays a link")
        }
        #expect(try fleet.files()["robots.txt.gz"] == nil, "render adds nothing beside an operator's file")
        try FileManager.default.removeItem(atPath: fleet.siteFolder + "/robots.txt")
        for minute in 5...8 {
            try fleet.render(at: RenderedFleet.t0 + .minutes(minute))
            #expect(!FileManager.default.fileExists(atPath: fleet.siteFolder + "/robots.txt"), "render \(minute): a removed file does not come back")
        }
        #expect(!FileManager.default.fileExists(atPath: fleet.folder + "/.public.previous/robots.txt"))
    }

    @Test func anOperatorsFileAtAPathRenderWritesIsReplaced() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try FileManager.default.removeItem(atPath: fleet.siteFolder + "/budget.html")
        try "mine".write(toFile: fleet.siteFolder + "/budget.html", atomically: true, encoding: .utf8)
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        #expect(try fleet.text("budget.html").contains("<!doctype html>"))
    }

    @Test func aSiteFromTheVersionBeforeIsRewrittenWithReadableModes() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try "User-agent: *\n".write(toFile: fleet.siteFolder + "/robots.txt", atomically: true, encoding: .utf8)
        // What the previous version wrote under umask 077, with its manifest.
        let manifest = fleet.siteFolder + "/" + SiteManifest.fileName
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "failover-site-manifest 3", with: "failover-site-manifest 2").write(toFile: manifest, atomically: true, encoding: .utf8)
        for path in FileTree.walk(fleet.siteFolder) where path != "robots.txt" { chmod(fleet.siteFolder + "/" + path, 0o600) }
        chmod(fleet.siteFolder, 0o700)
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        let files = FileTree.walk(fleet.siteFolder).filter { $0 != "robots.txt" }
        #expect(files.count > 20)
        for path in files { #expect(Self.mode(fleet.siteFolder + "/" + path) == 0o644, "\(path)") }
        #expect(Self.mode(fleet.siteFolder) == 0o755)
        #expect(FileManager.default.fileExists(atPath: fleet.siteFolder + "/robots.txt"), "the old manifest still told the operator's file apart")
    }

    @Test func theRootFolderIsNeverASiteFolder() throws {
        #expect { try SiteWriter(target: "/") } throws: { error in
            (error as? PublishError)?.isUserError == true && "\(error)".contains("will not replace /")
        }
    }

    @Test func permissionReadOnlyAndFullDiskErrorsAreTheOperatorsToFix() {
        for code in [EACCES, EPERM] {
            let error = PublishError.system("/srv/fleet/.public.staging-1-2", code)
            #expect(error.isUserError && error.reason.contains("needs write access to /srv/fleet"), "\(error)")
        }
        #expect(PublishError.system("/srv/fleet/public", EROFS).isUserError)
        #expect(PublishError.system("/srv/fleet/public", ENOSPC).isUserError)
        #expect(!PublishError.system("/srv/fleet/public", EIO).isUserError)
    }
}
