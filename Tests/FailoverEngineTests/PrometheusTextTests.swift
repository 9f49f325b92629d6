import FailoverEngine
import Testing

/// The exposition writer alone: names that validate lets through cannot reach a line break or an
/// unescaped quote, but the writer must hold even for those it refuses (a newline, a bare backslash).
@Suite struct PrometheusTextTests {
    @Test func labelValuesAndHelpAreEscapedAndEverySampleStaysOnItsLine() {
        let hostile = "a\"b\\c\nd } x=\"1\" 99 — ü"
        let text = PrometheusText.render([
            .init("failover_x", .gauge, help: "line one\nback\\slash \"quoted\"", [.init([("model", hostile), ("agent", "")], 7)]),
            .init("failover_empty_total", .counter, help: "no samples", []),
        ])
        #expect(text == """
            # HELP failover_x line one\\nback\\\\slash "quoted"
            # TYPE failover_x gauge
            failover_x{model="a\\"b\\\\c\\nd } x=\\"1\\" 99 — ü",agent=""} 7
            # HELP failover_empty_total no samples
            # TYPE failover_empty_total counter

            """)
        #expect(text.split(separator: "\n").count == 5, "one line per HELP, TYPE and sample")
    }

    @Test func escapingIsReversible() {
        for value in ["", "\\", "\"", "\n", "\\n", "\\\"", "plain", "x\\\ny\"z"] {
            let escaped = PrometheusText.escapeLabelValue(value)
            #expect(!escaped.contains("\n"))
            // Undo the three escapes the format defines: the original comes back.
            var undone = "", pending = false
            for character in escaped {
                if pending {
                    undone.append(character == "n" ? "\n" : character)
                    pending = false
                } else if character == "\\" {
                    pending = true
                } else {
                    undone.append(character)
                }
            }
            #expect(undone == value && !pending, "\(value.debugDescription) -> \(escaped.debugDescription)")
        }
    }
}
