import FailoverCore
import Foundation

/// Where `service.database`, `env_dir` and `site_dir` resolve, and the rules that keep them apart:
/// render replaces its whole site folder and nginx serves it, and env files hold provider keys, so
/// a site folder at `/` or around the config, or any of the three inside another, would delete or
/// publish what it must not. None may be the config file itself: each verb would refuse it, render
/// only after leaving its lock beside it.
///
/// Paths are compared after resolving symlinks in the part that exists, so a link cannot hide a
/// nesting (a symlinked site_dir is judged by the folder render publishes into).
package struct ServicePaths: Sendable {
    /// The config file's folder.
    package var configFolder: String
    package var configFile: String
    /// nil when the database is a URL rather than a file.
    package var database: String?
    package var envDir: String
    package var siteDir: String

    package init(_ config: LoadedConfig) {
        configFolder = config.directory
        configFile = config.directory + "/" + (config.file as NSString).lastPathComponent
        database = config.config.service.database.contains("://") ? nil : config.databasePath
        envDir = config.envDirectory
        siteDir = config.siteDirectory
    }

    /// Every problem with the configured paths, each at its key; one involving the site folder is at
    /// `service.site_dir`.
    package func diagnostics() -> [Diagnostic] {
        let env = Self.canonical(envDir), database = self.database.map(Self.canonical)
        var found: [Diagnostic] = []
        if let problem = configFileProblem(env) {
            found.append(.error(ConfigPath("service", "env_dir"), "\(problem); give env files a folder of their own, such as var/env (the default)"))
        } else if env == "/" {
            found.append(.error(ConfigPath("service", "env_dir"), "resolves to /, the root folder; give env files a folder of their own, such as var/env (the default)"))
        } else {
            if env == Self.canonical(configFolder) {
                // Everything else in that folder (the database, usually) is a consequence: one message.
                found.append(.error(ConfigPath("service", "env_dir"), "\(env) is the folder of this config file; env files hold provider keys and must not sit beside a file that is usually committed: use a folder of their own, such as var/env (the default)"))
            } else if let database, Self.isInside(database, env) {
                found.append(.error(ConfigPath("service", "database"), "\(database) is inside service.env_dir (\(env)), a folder of derived files that may live on a tmpfs: keep the database elsewhere, such as var/failover.sqlite"))
            } else if let database, Self.isInside(env, database) {
                found.append(.error(ConfigPath("service", "env_dir"), "\(env) is inside service.database (\(database)), which is a file: give env files a folder of their own, such as var/env"))
            }
        }
        if database == "/" {
            found.append(.error(ConfigPath("service", "database"), "resolves to /, the root folder; name a file, such as var/failover.sqlite (the default)"))
        } else if let problem = database.flatMap(configFileProblem) {
            found.append(.error(ConfigPath("service", "database"), "\(problem); the database needs a file of its own, such as var/failover.sqlite (the default)"))
        }
        return found + siteProblems(siteDir).map { .error(ConfigPath("service", "site_dir"), $0) }
    }

    /// The rules that apply to a site folder given on the command line (`render --out DIR`), as
    /// `--out: ...` lines; empty when it may be used.
    package func problems(publishingTo out: String, option: String = "--out") -> [String] {
        siteProblems(URL(fileURLWithPath: out).standardizedFileURL.path).map { "\(option): \($0)" }
    }

    /// What is wrong with publishing into `site`, said from the site folder's side.
    private func siteProblems(_ site: String) -> [String] {
        let published = Self.canonical(site)
        guard published != "/" else {
            return ["resolves to /, the root folder; render replaces the whole site folder: give it a folder of its own, such as public (the default)"]
        }
        if let problem = configFileProblem(published) {
            return ["\(problem); render replaces the whole site folder: give it a folder of its own, such as public (the default)"]
        }
        var found: [String] = []
        let config = Self.canonical(configFolder), env = Self.canonical(envDir)
        if Self.isInside(config, published) {
            // The env files and database under the config's folder would follow: one message says it.
            let what = published == config ? "is the folder of this config file" : "holds this config file's folder (\(config))"
            return ["\(published) \(what); render replaces the whole site folder and nginx serves it: use a folder of its own, such as public (the default)"]
        }
        // An env_dir at / or at the config's folder is reported at service.env_dir alone.
        if env != "/", env != config {
            if env == published {
                found.append("\(published) is also service.env_dir; nginx would serve the provider keys in the env files and every render would delete them: give each its own folder, such as site_dir: public and env_dir: var/env")
            } else if Self.isInside(published, env) {
                found.append("\(published) is inside service.env_dir (\(env)), beside the provider keys: give each its own folder, such as site_dir: public and env_dir: var/env")
            } else if Self.isInside(env, published) {
                found.append("\(published) holds service.env_dir (\(env)); nginx would serve the provider keys and every render would delete them: give each its own folder, such as site_dir: public and env_dir: var/env")
            }
        }
        if let database = database.map(Self.canonical), database != "/" {
            if Self.isInside(database, published) {
                found.append("\(published) holds service.database (\(database)); nginx would serve the database and every render would replace the folder under it: keep them apart, such as site_dir: public and database: var/failover.sqlite")
            } else if Self.isInside(published, database) {
                found.append("\(published) is inside service.database (\(database)), which is a file: give the site a folder of its own, such as public")
            }
        }
        return found
    }

    /// What is wrong with a path (already canonical) that is this config file or below it; nil otherwise.
    private func configFileProblem(_ path: String) -> String? {
        let file = Self.canonical(configFile)
        if path == file { return "\(path) is this config file" }
        if Self.isInside(path, file) { return "\(path) is inside this config file (\(file)), which is a file" }
        return nil
    }

    /// `inner` is `outer` or below it.
    static func isInside(_ inner: String, _ outer: String) -> Bool {
        inner == outer || outer == "/" || inner.hasPrefix(outer + "/")
    }

    /// The path with the symlinks of its longest existing ancestor resolved; the rest as written.
    static func canonical(_ path: String) -> String {
        var existing = path, rest: [String] = []
        while existing != "/", !FileManager.default.fileExists(atPath: existing) {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let resolved = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        let joined = ([resolved == "/" ? "" : resolved] + rest).joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }
}

extension ConfigLoader {
    /// The path rules for a config read from `file`, resolved as `load` resolves them.
    static func pathDiagnostics(_ config: FleetConfig, file: String) -> [Diagnostic] {
        let folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path
        return ServicePaths(LoadedConfig(file: file, directory: folder, config: config, warnings: [])).diagnostics()
    }
}
