import Foundation

/// The templates, static files, specs and example config a render and the demo read.
///
/// They are built into the binary (see `BuiltInResources`), so a copied or installed binary needs
/// nothing beside it and no path is derived from where it runs. Two explicit overrides remain:
/// `--templates DIR` replaces the templates alone, and `$FAILOVER_SHARE` names a folder holding
/// templates/, site/ and specs/ (and, optionally, examples/) to use instead of the built-in ones.
public struct SiteResources: Sendable {
    public var templates: ResourceFolder
    public var staticFiles: ResourceFolder
    public var specs: ResourceFolder
    public var examples: ResourceFolder

    /// `FAILOVER_SHARE` (or `--templates`) names something that is not a usable resource folder.
    public struct NotFound: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The folders under `root` (a checkout or a share folder); `templates` overrides the templates alone.
    public init(root: String, templates: String? = nil) {
        self.templates = .disk(templates ?? root + "/templates")
        staticFiles = .disk(root + "/site")
        specs = .disk(root + "/specs")
        examples = .disk(root + "/examples")
    }

    /// The copies built into the binary; `templates` overrides the templates alone.
    public static func builtIn(templates: String? = nil) -> SiteResources {
        SiteResources(
            templates: templates.map(ResourceFolder.disk) ?? .builtIn("templates"),
            staticFiles: .builtIn("site"),
            specs: .builtIn("specs"),
            examples: .builtIn("examples")
        )
    }

    public init(templates: ResourceFolder, staticFiles: ResourceFolder, specs: ResourceFolder, examples: ResourceFolder) {
        self.templates = templates
        self.staticFiles = staticFiles
        self.specs = specs
        self.examples = examples
    }

    /// `$FAILOVER_SHARE` when set, else the built-in copies; `--templates` on top of either.
    public static func locate(templates: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws(NotFound) -> SiteResources {
        guard let share = environment["FAILOVER_SHARE"], !share.isEmpty else { return builtIn(templates: templates) }
        let root = URL(fileURLWithPath: share).standardizedFileURL.path
        let missing = requiredFiles.filter { !FileManager.default.fileExists(atPath: root + "/" + $0) }
        guard missing.isEmpty else {
            throw NotFound(reason: "FAILOVER_SHARE=\(share) lacks \(missing.joined(separator: ", ")); point it at a folder holding failover's templates/, site/ and specs/, or unset it to use the copies built into the binary")
        }
        var resources = SiteResources(root: root, templates: templates)
        // examples/ only feeds the demo; a share folder made for rendering need not carry it.
        if !FileManager.default.fileExists(atPath: root + "/examples/failover.yaml") { resources.examples = .builtIn("examples") }
        return resources
    }

    /// What makes a folder a complete set of resources.
    static let requiredFiles = ["templates/layout.mustache", "site/style.css", "specs/operations.md"]
}
