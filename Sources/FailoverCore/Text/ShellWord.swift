/// Text printed as part of a command for the operator to paste (`failover demo`'s hints): a path
/// with a space or a quote in it must reach the command as one argument, unchanged.
package enum ShellWord {
    /// `text` as one word of a POSIX shell command: as it is when every character is one the shell
    /// takes literally, else in single quotes, each `'` inside written `'\''` (close, escaped quote,
    /// reopen), since nothing else is special between single quotes.
    package static func quoted(_ text: String) -> String {
        if !text.isEmpty, text.unicodeScalars.allSatisfy(isPlain) { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }

    /// Letters, digits and `@%+=:,./_-`: nothing a shell expands, splits or globs on.
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "@", "%", "+", "=", ":", ",", ".", "/", "_", "-": true
        default: false
        }
    }
}
