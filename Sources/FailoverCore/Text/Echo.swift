/// How a message quotes a value someone handed us. Errors must say what was wrong without becoming
/// the way a key leaks (a key typed into the wrong field) or a terminal is driven (escape sequences
/// in a name): short, plain values are quoted as they are; anything else is described, not shown.
package enum Echo {
    /// Longer values are described by their length: a provider key is longer than this, and a
    /// name, a time or a duration an operator mistyped is not.
    package static let maximumQuoted = 40

    /// `"2026-13-01"`, or `a 108-character value (not shown)`.
    package static func quote(_ text: String) -> String {
        let length = text.unicodeScalars.count
        if length > maximumQuoted {
            return "a \(length)-character value (not shown)"
        }
        if text.unicodeScalars.contains(where: TerminalText.isControl) {
            return "a value holding control characters (not shown)"
        }
        if KeyShapes.contains(text) {
            return "a value shaped like an API key (not shown)"
        }
        return "\"\(text)\""
    }
}
