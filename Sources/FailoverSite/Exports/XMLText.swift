/// Text made safe for an XML 1.0 document, as element content or a double-quoted attribute.
enum XMLText {
    /// Escapes the markup characters and replaces what XML 1.0 cannot hold at all (C0 controls other
    /// than tab, newline and carriage return; U+FFFE and U+FFFF) with U+FFFD: a provider's error
    /// message may carry any byte, and one such character makes every XML parser reject the whole feed.
    /// No CDATA sections, so a `]]>` in the text is just text.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            // A raw CR would be normalised to a newline by the parser; the reference keeps it.
            case "\r": out += "&#13;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
