// CYaml is Yams' copy of libyaml. It is not a product of the Yams package, but SwiftPM makes a
// dependency's C modules importable; its event parser is the only way to size a document before
// Yams composes it (see `DocumentSize`).
import CYaml
import FailoverCore

/// Counts a YAML document's values as its aliases expand them, before it is composed, and stops
/// counting past a bound.
///
/// An alias costs nothing to compose (Yams shares the anchored value), but everything that walks the
/// tree walks it once per use: a 62 KB file of two thousand keys used four thousand times is eight
/// million values to check, and an alias used as a mapping key is hashed node by node inside Yams
/// itself, so nested aliases (`a2: [*a1, *a1, …]`) hang the composer. Counting the events of
/// libyaml's parser costs one pass over the text, whatever the aliases stand for.
enum DocumentSize {
    /// The most values (scalars, lists and mappings, each alias counted as what it stands for) a
    /// config may hold: ten thousand agents with twenty values each. A real fleet's file holds a
    /// few hundred; ten thousand agents, each with an instance name and a control entry, about 70,000.
    static let maximumValues = 200_000

    enum Verdict: Equatable {
        case fits
        /// `aliases`: the file as written is within the bound and its aliases take it past.
        case tooLarge(aliases: Bool, line: Int, column: Int)
    }

    /// Text libyaml cannot parse `fits`: Yams parses it next and reports the error where it is.
    static func measure(_ yaml: String, limit: Int = maximumValues) -> Verdict {
        var text = yaml
        return text.withUTF8 { bytes in
            guard bytes.count > 0 else { return .fits }
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return .fits }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            // `expanded` counts each alias as the values its anchor holds, `written` as one.
            var expanded = 0, written = 0
            var anchors: [String: Int] = [:]
            var open: [(anchor: String?, start: Int)] = []
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return .fits
                case YAML_SCALAR_EVENT:
                    expanded += 1
                    written += 1
                    if let anchor = name(event.data.scalar.anchor) { anchors[anchor] = 1 }
                case YAML_ALIAS_EVENT:
                    written += 1
                    // An unknown alias is Yams' to report; it counts as one value here.
                    expanded += name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), expanded))
                    expanded += 1
                    written += 1
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), expanded))
                    expanded += 1
                    written += 1
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let (anchor, start) = open.popLast(), let anchor { anchors[anchor] = expanded - start }
                default:
                    break
                }
                if expanded > limit {
                    return .tooLarge(aliases: written <= limit, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                }
            }
            return .fits
        }
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }

    /// The error for a document past the bound, at the value that took it there.
    static func diagnostic(aliases: Bool, line: Int, column: Int) -> Diagnostic {
        let message = aliases
            ? "YAML: its aliases expand the file past \(maximumValues) values, the most a config may hold (a fleet of ten thousand agents needs well under that); write the repeated parts out, or repeat them less"
            : "YAML: the file holds more than \(maximumValues) values, the most a config may hold (a fleet of ten thousand agents needs well under that)"
        return Diagnostic(.error, .root, message, line: line, column: column)
    }
}
