import Foundation
import Mustache

/// A template folder that cannot be used; names the file.
package struct TemplateError: Error, Sendable, CustomStringConvertible {
    package var description: String
}

/// Rows rendered as bytes, and the placeholder in a rendered page they replace.
struct Splice: Sendable {
    var placeholder: String
    var bytes: [UInt8]
}

/// The Mustache templates of `templates/` (or `--templates DIR`), loaded and checked up front so a
/// broken override fails the render with its file name instead of publishing a broken site.
struct SiteTemplates: Sendable {
    static let required = ["layout", "index", "agent", "budget", "events", "events-day", "config", "docs-index", "doc", "event-rows", "404", "providers"]

    let library: MustacheLibrary
    /// Changes whenever any template does: part of what archived pages were built from.
    let fingerprint: String

    init(folder: ResourceFolder) throws {
        if let path = folder.path {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw TemplateError(description: "templates folder not found: \(path)")
            }
        }
        var library = MustacheLibrary()
        var all = Data()
        // Top-level .mustache files only, in name order: the fingerprint must not depend on the source.
        let files = try folder.files().filter { !$0.key.contains("/") && $0.key.hasSuffix(".mustache") }.sorted { $0.key < $1.key }
        for (file, data) in files {
            let path = folder.name(of: file)
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(description: "\(path): not UTF-8 text")
            }
            all.append(data)
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

    /// Renders a page and splices pre-rendered rows in at their placeholders (`EventRowHTML.placeholder`,
    /// `AgentRowHTML.placeholder`), as bytes: a day's rows can run to megabytes, and passing them through
    /// the template would copy them twice.
    func render(_ name: String, _ context: [String: Any], splicing parts: [Splice] = []) throws -> Data {
        guard var text = library.render(context, withTemplate: name) else {
            throw TemplateError(description: "template \(name) did not render")
        }
        guard !parts.isEmpty else { return Data(text.utf8) }
        return text.withUTF8 { page in
            guard let base = page.baseAddress else { return Data() }
            // Where each part goes, in page order; then the page is copied once, around them.
            let found = parts.compactMap { part in Self.find(Array(part.placeholder.utf8), in: page).map { (start: $0, part: part) } }
                .sorted { $0.start < $1.start }
            var data = Data(capacity: page.count + found.reduce(0) { $0 + $1.part.bytes.count })
            var done = 0
            for (start, part) in found where start >= done {
                data.append(base + done, count: start - done)
                data.append(contentsOf: part.bytes)
                done = start + part.placeholder.utf8.count
            }
            data.append(base + done, count: page.count - done)
            return data
        }
    }

    /// Placeholders start with a control byte no page text holds, so the scan rarely compares more than one byte.
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = 0
        while let found = haystack[index...].firstIndex(of: first) {
            if found + needle.count <= haystack.count, haystack[found..<found + needle.count].elementsEqual(needle) { return found }
            index = found + 1
        }
        return nil
    }
}
