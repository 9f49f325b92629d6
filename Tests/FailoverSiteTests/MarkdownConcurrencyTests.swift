import FailoverCore
import Foundation
@testable import FailoverSite
import Testing

/// Docs pages render on several threads at once (the render pool), and cmark-gfm's parser state is
/// partly global: `Markdown` parses one document at a time, so every thread gets the same HTML
/// (without it, some lost strikethrough in a table cell).
@Suite struct MarkdownConcurrencyTests {
    @Test func tablesRenderTheSameOnManyThreadsAtOnce() {
        let source = "# T\n\n| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\nsee https://example.com\n"
        let expected = Markdown.html(source)
        #expect(expected.contains("<table>") && expected.contains("<del>2</del>"))
        let results = LockedBox<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let html = Markdown.html(source)
            results.withLockedValue { $0.append(html) }
        }
        let all = results.withLockedValue { $0 }
        #expect(all.count == 64 && all.allSatisfy { $0 == expected }, "\(Set(all).subtracting([expected]).first ?? "")\n---\n\(expected)")
    }
}

