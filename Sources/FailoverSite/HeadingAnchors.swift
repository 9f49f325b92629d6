import CCmarkGFM

/// Ids for the headings of a rendered spec, as GitHub makes them (`## Is this page current?` ->
/// `is-this-page-current`), so the specs' links to sections (`operations.md#failure-and-recovery`)
/// land on the section on the site as they do on GitHub. cmark-gfm writes headings without ids.
enum HeadingAnchors {
    /// The slug of each heading of `document`, in document order, made unique as GitHub does (`-1`, `-2`).
    static func slugs(_ document: OpaquePointer) -> [String] {
        var slugs: [String] = []
        var seen: [String: Int] = [:]
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
            let base = slug(text(of: node))
            let count = seen[base, default: 0]
            seen[base] = count + 1
            slugs.append(count == 0 ? base : "\(base)-\(count)")
        }
        return slugs
    }

    /// GitHub's rule: lower case; letters, digits, `-` and `_` kept; spaces become `-`; the rest dropped.
    static func slug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character == " " {
                slug.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                slug.append(character)
            }
        }
        return slug
    }

    /// `<h2>` -> `<h2 id="…">`, the n-th heading tag of `html` getting the n-th slug. Safe to match on
    /// the tags: raw HTML in a spec is dropped, and code shows `<h2>` as `&lt;h2&gt;`.
    static func insert(_ slugs: [String], into html: String) -> String {
        var result = ""
        result.reserveCapacity(html.utf8.count + slugs.count * 24)
        var rest = html[...]
        var next = slugs.makeIterator()
        while let open = rest.range(of: "<h") {
            let after = rest[open.upperBound...]
            // `<h2>` exactly: not `<hr />`, not a heading that already has attributes.
            guard let level = after.first, ("1"..."6").contains(level), after.dropFirst().hasPrefix(">") else {
                result += rest[..<open.upperBound]
                rest = after
                continue
            }
            let name = after.index(after: after.startIndex)
            result += rest[..<name]
            if let slug = next.next(), !slug.isEmpty { result += " id=\"\(slug)\"" }
            rest = rest[name...]
        }
        return result + rest
    }

    /// The text of a heading: its text and code spans, in order.
    private static func text(of heading: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(heading) else { return "" }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) {
                text += String(cString: literal)
            }
        }
        return text
    }
}
