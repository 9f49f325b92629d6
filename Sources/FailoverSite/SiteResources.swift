import Foundation

/// Where the templates, static files, specs and example config live. A checkout has them at its top
/// level; an install puts them in `<prefix>/share/failover`. `--templates` overrides the templates alone.
public struct SiteResources: Sendable {
    public var templates: String
    public var staticFiles: String
    public var specs: String
    public var examples: String

    public struct NotFound: Error, CustomStringConvertible {
        public var searched: [String]
        public var description: String {
            "cannot find failover's templates/, site/ and specs/ folders (looked in: \(searched.joined(separator: ", "))); set FAILOVER_SHARE to the folder holding them"
        }
    }

    public init(root: String, templates: String? = nil) {
        self.templates = templates ?? root + "/templates"
        staticFiles = root + "/site"
        specs = root + "/specs"
        examples = root + "/examples"
    }

    /// `$FAILOVER_SHARE`, then `<bin>/../share/failover`, then the checkout the binary was built in,
    /// then the current folder.
    public static func locate(templates: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SiteResources {
        var candidates: [String] = []
        if let share = environment["FAILOVER_SHARE"], !share.isEmpty { candidates.append(share) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/failover").path)
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder.path)
            folder.deleteLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath)
        for candidate in candidates where isResourceRoot(candidate) {
            return SiteResources(root: candidate, templates: templates)
        }
        throw NotFound(searched: Array(candidates.prefix(3)) + ["parents of the binary", "the current folder"])
    }

    static func isResourceRoot(_ path: String) -> Bool {
        ["templates/layout.mustache", "site/style.css", "specs"].allSatisfy { FileManager.default.fileExists(atPath: path + "/" + $0) }
    }
}
