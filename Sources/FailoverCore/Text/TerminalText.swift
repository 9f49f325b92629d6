/// Control characters in text we print. A name or message holding escape sequences must not drive
/// the operator's terminal (recolour it, move the cursor, retitle the window, hide a line), and a
/// line break in a value must not forge a second log line.
package enum TerminalText {
    /// C0 controls, DEL, C1 controls, the Unicode bidirectional marks and overrides that reorder what
    /// a line appears to say, and the Unicode line and paragraph separators that some terminals and
    /// log viewers break lines at.
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every control character written as a visible escape (`\u{1B}`); line breaks
    /// too unless `keepingLineBreaks` (multi-line output we built ourselves).
    package static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard mayHoldControl(text, keepingLineBreaks: keepingLineBreaks),
              text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && $0 == "\n") })
        else { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar), !(keepingLineBreaks && scalar == "\n") {
                output.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// A byte scan that rules most text out: every control character here is encoded as a byte
    /// below 0x20, 0x7F, or a sequence starting 0xC2 (C1), 0xD8 (U+061C) or 0xE2 (the rest).
    static func mayHoldControl(_ text: String, keepingLineBreaks: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.contains { byte in
                (byte < 0x20 && !(keepingLineBreaks && byte == 0x0A)) || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
            }
        }
    }

    /// The first control character in `text`, for a validation message: `U+000A at character 12`.
    package static func firstControl(in text: String) -> String? {
        guard mayHoldControl(text, keepingLineBreaks: false) else { return nil }
        for (offset, scalar) in text.unicodeScalars.enumerated() where isControl(scalar) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) at character \(offset + 1)"
        }
        return nil
    }
}
