import FailoverResources
@testable import FailoverSite
import Foundation
import Testing

@Suite struct BuiltInResourcesTests {
    static let folders = ["templates", "site", "specs", "examples"]

    /// The plugin regenerates the embedded copy on every build that changes a folder; this fails if
    /// it ever stops doing so (a file missed, a stale list, a damaged byte).
    @Test func theBinaryHoldsExactlyTheFoldersOfTheCheckout() throws {
        var onDisk: [String: Data] = [:]
        for folder in Self.folders {
            for (path, data) in try ResourceFolder.disk(RenderedFleet.repositoryRoot + "/" + folder).files() {
                onDisk[folder + "/" + path] = data
            }
        }
        #expect(onDisk.count >= 20, "the checkout's folders were read")
        #expect(Set(BuiltInResources.files.keys) == Set(onDisk.keys))
        for (path, data) in onDisk {
            #expect(BuiltInResources.files[path] == data, "\(path) differs from the copy built into the binary")
        }
        #expect(BuiltInResources.files["specs/images/status-page.png"]?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "binary files survive")
    }

    @Test func withoutFailoverShareTheBuiltInCopiesAreUsed() throws {
        let resources = try SiteResources.locate(environment: [:])
        #expect(resources.templates.path == nil && resources.staticFiles.path == nil && resources.specs.path == nil && resources.examples.path == nil)
        #expect(try resources.examples.contents(of: "failover.yaml").count > 100)
        let overridden = try SiteResources.locate(templates: "/srv/templates", environment: [:])
        #expect(overridden.templates.path == "/srv/templates" && overridden.specs.path == nil)
    }

    @Test func failoverShareOverridesAndAnIncompleteOneIsRefused() throws {
        let shared = try SiteResources.locate(environment: ["FAILOVER_SHARE": RenderedFleet.repositoryRoot])
        #expect(shared.templates.path == RenderedFleet.repositoryRoot + "/templates")
        #expect(shared.specs.path == RenderedFleet.repositoryRoot + "/specs")
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("share-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect { try SiteResources.locate(environment: ["FAILOVER_SHARE": empty]) } throws: { error in
            "\(error)".contains("FAILOVER_SHARE=\(empty) lacks templates/layout.mustache") && "\(error)".contains("unset it")
        }
    }

    @Test func theBuiltInCopiesRenderTheSameSiteAsTheFolders() throws {
        let fromFolders = try RenderedFleet(), builtIn = try RenderedFleet()
        try fromFolders.simulate()
        try builtIn.simulate()
        try fromFolders.render()
        _ = try SiteRenderer(config: try builtIn.config(), store: try builtIn.store(), resources: .builtIn(), environment: builtIn.environment)
            .render(to: builtIn.siteFolder, now: RenderedFleet.t0)
        let expected = try fromFolders.files().filter { $0.key != SiteManifest.fileName }
        let actual = try builtIn.files().filter { $0.key != SiteManifest.fileName }
        #expect(Set(actual.keys) == Set(expected.keys))
        #expect(actual == expected)
    }
}
