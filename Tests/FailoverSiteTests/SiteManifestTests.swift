@testable import FailoverSite
import Foundation
import Testing

@Suite struct SiteManifestTests {
    @Test func roundTripsFilesInodesAndInputs() throws {
        var manifest = SiteManifest()
        manifest.files["index.html"] = .init(size: 10, hash: "abc", inode: 42, gzipInode: 43)
        manifest.files["style.css"] = .init(size: 5, hash: "def")
        manifest.inputs["agents/coder-1.html"] = "1f2e|2026-11-24|true"
        manifest.inputs["docs/operations.html"] = "ünïcode|"
        manifest.operatorFiles = ["robots.txt", ".well-known/security.txt"]
        #expect(SiteManifest(text: manifest.encoded) == manifest)
        #expect(SiteManifest(text: SiteManifest().encoded) == SiteManifest())
    }

    @Test func aDamagedOrForeignManifestIsNotTrusted() {
        #expect(SiteManifest(text: Data("failover-site-manifest 1\n".utf8)) == nil)
        #expect(SiteManifest(text: Data("failover-site-manifest 2\nF\tindex.html\tten\tabc\t-\t-\n".utf8)) == nil)
        #expect(SiteManifest(text: Data("{\"version\": 2}".utf8)) == nil)
        #expect(SiteManifest(text: Data()) == nil)
        // A render killed while writing the manifest leaves a cut line.
        #expect(SiteManifest(text: Data("failover-site-manifest 2\nF\tindex.html\t10\tabc\t42".utf8)) == nil)
        #expect(SiteManifest(text: Data("failover-site-manifest 2\nX\tindex.html\n".utf8)) == nil)
    }

    @Test func theHashNoticesAnyChangedByte() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        var changed = data
        for index in [0, 7, 8, 500, 999] {
            changed[index] ^= 1
            #expect(SiteManifest.hash(changed) != SiteManifest.hash(data), "byte \(index)")
            changed[index] ^= 1
        }
        #expect(SiteManifest.hash(Data()) != SiteManifest.hash(Data([0])))
    }
}
