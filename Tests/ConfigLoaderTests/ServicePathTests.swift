import ConfigLoader
import FailoverCore
import Foundation
import Testing

/// `service.database`, `env_dir` and `site_dir` must not be `/`, the config's folder, the config file, or inside each other.
@Suite struct ServicePathTests {
    static func errors(_ service: String, file: String = "/srv/fleet/failover.yaml") -> [Diagnostic] {
        ConfigLoader.check(yaml: "service:\n" + service + "\n" + Fixtures.valid, file: file).diagnostics.errors
    }

    @Test func theDefaultsAndSeparateFoldersAreFine() {
        #expect(Self.errors("  site_title: x").isEmpty)
        #expect(Self.errors("  database: /var/lib/failover/f.sqlite\n  env_dir: /run/failover/env\n  site_dir: /run/failover/public").isEmpty)
        #expect(Self.errors("  database: postgres://db/failover\n  site_dir: /srv/www").isEmpty, "a database URL is not a path")
    }

    @Test func theRootFolderIsRefused() {
        let site = Self.errors("  site_dir: /")
        #expect(site.count == 1 && site[0].path == "service.site_dir" && site[0].message.contains("resolves to /"), "\(site)")
        let env = Self.errors("  env_dir: /")
        #expect(env.count == 1 && env[0].path == "service.env_dir" && env[0].message.contains("such as var/env"), "\(env)")
        #expect(Self.errors("  site_dir: ../../..").map(\.path) == ["service.site_dir"], "relative paths resolve first")
    }

    @Test func theConfigFilesOwnFolderIsRefused() {
        let site = Self.errors("  site_dir: .")
        #expect(site.count == 1 && site[0].path == "service.site_dir" && site[0].message.contains("/srv/fleet is the folder of this config file"), "\(site)")
        let above = Self.errors("  site_dir: ..")
        #expect(above.count == 1 && above[0].message.contains("holds this config file's folder"), "\(above)")
        let env = Self.errors("  env_dir: ./")
        #expect(env.count == 1 && env[0].path == "service.env_dir" && env[0].message.contains("provider keys"), "\(env)")
    }

    /// Each verb would refuse the file or write beside it (render's lock); validate says so first.
    @Test func theConfigFileItselfIsRefusedAtEachKey() {
        for key in ["database", "env_dir", "site_dir"] {
            for value in ["failover.yaml", "/srv/fleet/failover.yaml", "./var/../failover.yaml"] {
                let errors = Self.errors("  \(key): \(value)")
                #expect(errors.map { "\($0.path)" } == ["service.\(key)"], "\(key): \(value): \(errors)")
                #expect(errors.first?.message.hasPrefix("/srv/fleet/failover.yaml is this config file;") == true, "\(errors)")
            }
        }
        #expect(Self.errors("  database: failover.yaml").first?.message.contains("such as var/failover.sqlite") == true)
        #expect(Self.errors("  env_dir: failover.yaml").first?.message.contains("such as var/env") == true)
        #expect(Self.errors("  site_dir: failover.yaml").first?.message.contains("such as public") == true)
        let inside = Self.errors("  env_dir: failover.yaml/env")
        #expect(inside.map(\.path) == ["service.env_dir"] && inside[0].message.contains("is inside this config file (/srv/fleet/failover.yaml)"), "\(inside)")
        #expect(Self.errors("  database: failover.yaml.sqlite").isEmpty, "a name that only starts like the config's is another file")
    }

    @Test func aSymlinkDoesNotHideTheConfigFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "placeholder".write(toFile: folder + "/failover.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/state.sqlite", withDestinationPath: "failover.yaml")
        let errors = Self.errors("  database: state.sqlite", file: folder + "/failover.yaml")
        #expect(errors.map(\.path) == ["service.database"] && errors[0].message.contains("is this config file"), "\(errors)")
    }

    @Test func foldersInsideEachOtherAreRefusedAtTheKeyToChange() {
        let siteInEnv = Self.errors("  env_dir: var/env\n  site_dir: var/env/public")
        #expect(siteInEnv.map(\.path) == ["service.site_dir"] && siteInEnv[0].message.contains("is inside service.env_dir (/srv/fleet/var/env)"), "\(siteInEnv)")
        let envInSite = Self.errors("  env_dir: public/env")
        #expect(envInSite.map(\.path) == ["service.site_dir"] && envInSite[0].message.contains("holds service.env_dir"), "\(envInSite)")
        let same = Self.errors("  env_dir: out\n  site_dir: out")
        #expect(same.map(\.path) == ["service.site_dir"] && same[0].message.contains("is also service.env_dir"), "\(same)")
        let databaseInSite = Self.errors("  database: public/failover.sqlite")
        #expect(databaseInSite.map(\.path) == ["service.site_dir"] && databaseInSite[0].message.contains("nginx would serve the database"), "\(databaseInSite)")
        let databaseInEnv = Self.errors("  database: var/env/failover.sqlite")
        #expect(databaseInEnv.map(\.path) == ["service.database"] && databaseInEnv[0].message.contains("inside service.env_dir"), "\(databaseInEnv)")
    }

    @Test func aSymlinkDoesNotHideANesting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/var/env", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/www", withDestinationPath: "var/env")
        let errors = Self.errors("  site_dir: www/public", file: folder + "/failover.yaml")
        #expect(errors.map(\.path) == ["service.site_dir"] && errors[0].message.contains("is inside service.env_dir"), "\(errors)")
    }

    @Test func messagesArePlacedAtTheKeysLine() {
        let report = ConfigLoader.check(yaml: "service:\n  env_dir: var/env\n  site_dir: var/env/public\n" + Fixtures.valid, file: "/srv/fleet/failover.yaml")
        let site = report.diagnostics.first { $0.path == "service.site_dir" }
        #expect(site?.line == 3)
        #expect(!report.isValid)
    }

    @Test func renderOutGetsTheSameRefusals() throws {
        let config = try ConfigLoader.load(path: Fixtures.examplePath)
        let paths = ServicePaths(config)
        #expect(paths.problems(publishingTo: "/").first?.hasPrefix("--out: resolves to /") == true)
        #expect(paths.problems(publishingTo: config.directory).first?.contains("is the folder of this config file") == true)
        #expect(paths.problems(publishingTo: config.envDirectory + "/site").first?.contains("is inside service.env_dir") == true)
        #expect(paths.problems(publishingTo: (config.databasePath as NSString).deletingLastPathComponent).contains { $0.contains("holds service.database") })
        #expect(paths.problems(publishingTo: config.file).first?.contains("is this config file") == true)
        #expect(paths.problems(publishingTo: "/tmp/elsewhere-\(UUID().uuidString)").isEmpty)
    }
}
