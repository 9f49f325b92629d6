import FailoverCore

/// The `control:` edits an agent page offers, as YAML ready to paste into the config file: pause,
/// unpause and reset, the one that brings this agent back first. Built from the page's model only
/// (never the render's clock), so a kept agent page still offers the right edit.
struct ControlSnippet: Hashable, Sendable {
    enum Action: String, Sendable {
        case pause, unpause, reset
    }

    var action: Action
    var yaml: String
    var note: String

    /// The edits for `summary`, the one its state calls for first. `resetToken` is the last reset
    /// value applied: the offered one must differ from it, or it would reset nothing.
    static func snippets(for summary: AgentSummary, resetToken: String?) -> [ControlSnippet] {
        let key = yamlKey(summary.agent)
        let value = resetValue(summary, resetToken: resetToken)
        func entry(_ fields: String) -> String { "control:\n  \(key): { \(fields) }" }
        let pause = ControlSnippet(action: .pause, yaml: entry("paused: true"), note: summary.paused
            ? "It is paused now; this keeps it paused while the line says so."
            : "Takes it out of dispatch on the next cycle, on the tier it is on. It stays paused while this line says so.")
        let unpause = ControlSnippet(action: .unpause, yaml: entry("paused: false"), note: summary.exhausted
            ? "Does not bring back an agent whose chain ran out: paused: false lifts an operator's pause only. Reset it instead."
            : summary.paused
            ? "Back in dispatch on the next cycle, on tier \(summary.tier). Removing the paused key instead would leave it paused."
            : "It is not paused now; after a pause, this puts it back in dispatch. Removing the paused key instead would leave it paused.")
        // An operator's `paused: true` outlives a reset (the level is applied after it), so the
        // reset that brings such an agent back also says `paused: false`.
        let operatorPaused = summary.pauseReason == .operator
        let reset = ControlSnippet(action: .reset, yaml: entry((operatorPaused ? "paused: false, " : "") + "reset: \(value)"), note:
            "Back to tier 1, unpaused, cooldown and last failure cleared. A reset happens once per new value: any value this agent has not had before works (the one shown is its newest event's time)."
            + (operatorPaused ? " Replace its paused: true line with this one: left in place, it would keep the agent paused." : "")
            + (resetToken.map { " The last value applied was \($0)." } ?? ""))
        switch summary.pauseReason {
        case .exhausted: return [reset, pause, unpause]
        case .operator: return [unpause, reset, pause]
        case nil: return summary.tier > 1 ? [reset, pause, unpause] : [pause, reset, unpause]
        }
    }

    /// A value for `reset:` that differs from the last one applied: the agent's newest event time,
    /// quoted. The agent's events only move forward, so the value a reset leaves is never offered again.
    static func resetValue(_ summary: AgentSummary, resetToken: String?) -> String {
        let token = summary.lastEvent.map { $0.at.description } ?? "<new value>"
        return "\"" + (token == resetToken ? token + "-2" : token) + "\""
    }

    /// The agent's name as a YAML key: plain when YAML reads it as that string, quoted otherwise
    /// (`"123"`, `"true"`, `"null"` would read as numbers, booleans and nothing).
    static func yamlKey(_ name: String) -> String {
        let plainWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        let first = name.unicodeScalars.first
        let plain = first.map { $0.properties.isAlphabetic && $0.isASCII } == true && !plainWords.contains(name.lowercased())
        return plain ? name : "\"" + name + "\""
    }

    var context: [String: Any] {
        let title = switch action {
        case .pause: "Pause"
        case .unpause: "Unpause"
        case .reset: "Reset to tier 1"
        }
        return ["action": action.rawValue, "title": title, "yaml": yaml, "note": note]
    }
}
