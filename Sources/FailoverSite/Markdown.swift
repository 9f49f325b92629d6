import FailoverCore
import Foundation
import CCmarkGFM

/// GitHub-flavoured Markdown to HTML through Debian's cmark-gfm, with tables, strikethrough and
/// autolinks. Raw HTML in the source is dropped (cmark's safe default), so a spec cannot inject script.
package enum Markdown {
    /// cmark-gfm keeps parser state in globals with no lock: the extensions' registry (with the
    /// table's node-type numbers) and the table of special inline characters that each parser's
    /// extensions switch on when it starts and off when it finishes. Docs pages render on several
    /// threads at once (the render pool), and two parses at once lost strikethrough in a table cell
    /// or aborted in table.c (seen in a full test run): so one parse at a time. Docs are a handful of
    /// pages, rendered only when a spec changes.
    private static let cmark = LockedBox(())

    package static func html(_ markdown: String) -> String {
        cmark.withLockedValue { _ in render(markdown) }
    }

    private static func render(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tagfilter"] {
            if let extensionHandle = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionHandle)
            }
        }
        markdown.withCString { pointer in
            cmark_parser_feed(parser, pointer, strlen(pointer))
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return HeadingAnchors.insert(HeadingAnchors.slugs(document), into: String(cString: rendered))
    }

    /// The first level-1 heading's text, for page titles.
    package static func title(of markdown: String) -> String? {
        // Line by line up to the title, rather than splitting the whole document first.
        var start = markdown.startIndex
        while start < markdown.endIndex {
            let end = markdown[start...].firstIndex(of: "\n") ?? markdown.endIndex
            let line = markdown[start..<end]
            if line.hasPrefix("# ") {
                return line.dropFirst(2).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
            }
            start = end < markdown.endIndex ? markdown.index(after: end) : end
        }
        return nil
    }
}
