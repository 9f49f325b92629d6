import Foundation
import PackagePlugin

/// Builds templates/, site/, specs/ and examples/ into the `FailoverResources` module, so a binary
/// copied or installed anywhere renders with no folders beside it, and what it embeds cannot drift
/// from the checkout it was built from.
///
/// The target reaches the folders through symlinks in its own directory
/// (`Sources/FailoverResources/templates -> ../../templates`, ...). That is what makes SwiftPM
/// notice a file added to or removed from them: it re-runs build-tool plugins only when a target's
/// directory changes shape, and a plugin that listed the top-level folders itself would keep
/// embedding a stale list (or fail on a removed file). Files SwiftPM does not compile reach the
/// plugin as the target's non-source files; every one is an input, so an edit regenerates too.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let root = module.directoryURL.standardizedFileURL.path + "/"
        let files = module.sourceFiles.filter { $0.type != .source }.map(\.url).sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        let arguments = [output.path] + files.map { file in
            let path = file.standardizedFileURL.path
            return (path.hasPrefix(root) ? String(path.dropFirst(root.count)) : file.lastPathComponent) + "=" + path
        }
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of templates, site, specs and examples",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: arguments,
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }
}
