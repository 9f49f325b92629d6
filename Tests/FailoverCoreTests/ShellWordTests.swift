import FailoverCore
import Foundation
import Testing

/// A quoted word reaches a real POSIX shell's command as the one argument it was.
@Suite struct ShellWordTests {
    /// What `/bin/sh` passes to a command for `word`, written back by `printf`.
    static func throughShell(_ word: String) throws -> String {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "printf '%s|' " + word]
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func plainWordsStayAsTheyAre() {
        #expect(ShellWord.quoted("/tmp/failover-demo/failover.yaml") == "/tmp/failover-demo/failover.yaml")
        #expect(ShellWord.quoted("a-b_c.d:e,f=g+h@i%j") == "a-b_c.d:e,f=g+h@i%j")
    }

    @Test func anythingElseIsQuotedAndArrivesWhole() throws {
        for text in ["", "dir with spaces", "it's", "'", "''", "$HOME", "`id`", "a\\b", "*", "~/x", "a;b", "a\"b", "line\nbreak", "tab\there", "é ü", "-n"] {
            #expect(try Self.throughShell(ShellWord.quoted(text)) == text + "|", "\(text) as \(ShellWord.quoted(text))")
        }
        #expect(ShellWord.quoted("it's here") == #"'it'\''s here'"#)
        #expect(ShellWord.quoted("") == "''")
    }
}
