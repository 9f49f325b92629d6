import Foundation
import Mustache

/// A template folder that cannot be used; names the file.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The Mustache templates of `templates/` (or `--templates DIR`), loaded and checked up front so a
/// broken override fails the render with its file name instead of publishing a broken site.
struct SiteTemplates: Sendable {
    static let required = ["layout", "index", "agent", "budget", "events", "events-day", "config", "docs-index", "doc", "event-rows"]

    let library: MustacheLibrary
    /// Changes whenever any template does: part of what archived pages were built from.
    let fingerprint: String

    init(folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw TemplateError(description: "templates folder not found: \(folder)")
        }
        var library = MustacheLibrary()
        var all = Data()
        let files = (try FileManager.default.contentsOfDirectory(atPath: folder)).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in files {
            let path = folder + "/" + file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            all.append(Data(text.utf8))
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw TemplateError(description: "\(path): not a valid Mustache template: \(error)")
            }
        }
        let missing = Self.required.filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else {
            throw TemplateError(description: "\(folder) lacks \(missing.map { "\($0).mustache" }.joined(separator: ", ")); a --templates folder needs every template, so start from a copy of templates/")
        }
        self.library = library
        fingerprint = SiteManifest.hash(all)
    }

    func render(_ name: String, _ context: [String: Any]) throws -> Data {
        guard let text = library.render(context, withTemplate: name) else {
            throw TemplateError(description: "template \(name) did not render")
        }
        return Data(text.utf8)
    }
}
