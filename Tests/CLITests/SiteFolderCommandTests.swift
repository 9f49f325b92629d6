import Foundation
import Testing

/// The site folder rules as an operator meets them: validate, render --out, umask and permissions.
@Suite struct SiteFolderCommandTests {
    static let fleet = "agent_types:\n  coder:\n    instances: [coder-1]\n    provider: anthropic\n    model: m\n"

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test func validateRefusesTheRootFolderAndNestedFoldersWithTheirLines() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", "service:\n  site_dir: /\n  env_dir: var/env\n  database: var/env/failover.sqlite\n" + Self.fleet)
        let result = try CLI.run(["validate", "--config", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):2:13: error: service.site_dir: resolves to /, the root folder"), "\(result.stderr)")
        #expect(result.stderr.contains("\(file):4:13: error: service.database: \(scratch.url.path)/var/env/failover.sqlite is inside service.env_dir"), "\(result.stderr)")
        // An invalid config changes nothing: render refuses it before touching any folder.
        #expect(try CLI.run(["render", "--config", file]).status == 1)
    }

    /// Pointing a path at the config file itself: validate exits 1 naming the key, and no verb writes
    /// beside the file or into it.
    @Test func validateRefusesTheConfigFileItselfAtEachKey() throws {
        for key in ["database", "env_dir", "site_dir"] {
            let scratch = try ScratchDirectory()
            let text = "service:\n  \(key): failover.yaml\n" + Self.fleet
            let file = try scratch.write("failover.yaml", text)
            let result = try CLI.run(["validate", "--config", file])
            #expect(result.status == 1, "\(key): \(result.stdout)")
            #expect(result.stderr.contains("\(file):2:\(key.count + 5): error: service.\(key): \(file) is this config file;"), "\(key): \(result.stderr)")
            for verb in ["cycle", "render", "status"] {
                #expect(try CLI.run([verb, "--config", file]).status == 1, "\(key): \(verb)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["failover.yaml"], "\(key): something was written beside the config")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        }
    }

    @Test func renderOutGetsTheSameRefusals() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("failover.yaml", Self.fleet)
        for (out, message) in [("/", "--out: resolves to /"), (scratch.url.path, "is the folder of this config file"), (scratch.path("var/env/site"), "is inside service.env_dir")] {
            let result = try CLI.run(["render", "--config", file, "--out", out])
            #expect(result.status == 1, "\(out)")
            #expect(result.stderr.contains(message), "\(out): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["failover.yaml"], "nothing was written")
    }

    @Test func theSiteIsWorldReadableUnderAnyUmask() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("fleet/failover.yaml", "service:\n  site_dir: ../www/public\n" + Self.fleet)
        let umask077 = ["/bin/sh", "-c", "umask 077 && exec \"$@\"", "sh"]
        for minute in 0..<3 {
            let result = try CLI.run(["render", "--config", file, "--now", "2026-11-24T10:0\(minute):00Z"], via: umask077)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let www = scratch.path("www")
        #expect(Self.mode(www) == 0o755, "the folder render created to hold the site")
        for site in [www + "/public", www + "/.public.previous"] {
            #expect(Self.mode(site) == 0o755, "\(site)")
            let walk = try #require(FileManager.default.enumerator(atPath: site))
            var files = 0
            for case let path as String in walk {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: site + "/" + path, isDirectory: &isFolder)
                #expect(Self.mode(site + "/" + path) == (isFolder.boolValue ? 0o755 : 0o644), "\(site)/\(path)")
                if !isFolder.boolValue { files += 1 }
            }
            #expect(files > 20)
        }
    }

    /// The folder holding the site (its lock, staging and previous generation) is not writable by the
    /// user running render. Run as nobody when the tests run as root, who may write anywhere.
    @Test func anUnwritableFolderIsAUserErrorNamingIt() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("fleet/failover.yaml", "service:\n  site_dir: ../www/public\n" + Self.fleet)
        let www = scratch.path("www")
        expectOK(try CLI.run(["render", "--config", file, "--now", "2026-11-24T10:00:00Z"]))
        var launcher: [String] = []
        if getuid() == 0 {
            // Everything is nobody's but the folder that holds the site.
            let nobody: uid_t = 65534
            for case let path as String in try #require(FileManager.default.enumerator(atPath: scratch.url.path)) {
                lchown(scratch.path(path), nobody, gid_t(nobody))
            }
            chown(scratch.url.path, nobody, gid_t(nobody))
            chown(www, 0, 0)
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        } else {
            chmod(www, 0o555)
        }
        defer { chmod(www, 0o755) }
        let result = try CLI.run(["render", "--config", file, "--now", "2026-11-24T10:05:00Z"], via: launcher)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot publish to \(www)/"), "\(result.stderr)")
        #expect(result.stderr.contains("needs write access to \(www)"), "\(result.stderr)")
        #expect(!result.stderr.contains("internal error"))
        #expect(try String(contentsOfFile: www + "/public/index.html", encoding: .utf8).contains("2026-11-24T10:00:00Z"), "the published site is as it was")
    }
}
