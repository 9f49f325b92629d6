import FailoverCore
import Yams

/// Walks a YAML tree, reading typed values and recording every problem with its path and position,
/// so one run reports all of them. Remembers where each path sits for diagnostics found later.
struct NodeReader {
    private(set) var diagnostics: [Diagnostic] = []
    /// Where each path's value sits in the file.
    private(set) var marks: [ConfigPath: Mark] = [:]
    /// A file may misspell keys by the thousand: suggestions for them share one bounded budget.
    var suggestions = DidYouMean.Budget()

    mutating func note(_ path: ConfigPath, _ node: Node) {
        if marks[path] == nil, let mark = node.mark { marks[path] = mark }
    }

    mutating func error(_ path: ConfigPath, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.error, path, message, line: node?.mark?.line, column: node?.mark?.column))
    }

    mutating func warning(_ path: ConfigPath, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.warning, path, message, line: node?.mark?.line, column: node?.mark?.column))
    }

    /// A mapping's entries in file order, after reporting keys outside `allowed` (with a did-you-mean).
    /// Returns nil, having reported it, when the node is not a mapping.
    mutating func mapping(_ node: Node, _ path: ConfigPath, allowed: [String]? = nil, expected: String = "a mapping") -> [(key: String, keyNode: Node, value: Node)]? {
        note(path, node)
        guard case .mapping(let mapping) = node else {
            if isNull(node) { return [] }
            error(path, "must be \(expected)\(describeFound(node))", at: node)
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error(path, "keys must be plain names", at: keyNode)
                continue
            }
            let key = scalar.string
            let childPath = path.key(key)
            if let allowed, !allowed.contains(key) {
                error(childPath, "unknown key\(DidYouMean.hint(for: key, among: allowed, budget: &suggestions)); allowed here: \(allowed.joined(separator: ", "))", at: keyNode)
                continue
            }
            // A block value reads best pointed at by its key; a scalar by the value itself.
            if case .scalar = value { note(childPath, value) } else { note(childPath, keyNode) }
            entries.append((key, keyNode, value))
        }
        return entries
    }

    mutating func sequence(_ node: Node, _ path: ConfigPath) -> [Node]? {
        note(path, node)
        if case .sequence(let sequence) = node { return Array(sequence) }
        if isNull(node) { return [] }
        error(path, "must be a list\(describeFound(node))", at: node)
        return nil
    }

    /// Any scalar, as written. An empty value (`key:`) reads as "".
    mutating func string(_ node: Node, _ path: ConfigPath) -> String? {
        note(path, node)
        guard case .scalar(let scalar) = node else {
            error(path, "must be a single value\(describeFound(node))", at: node)
            return nil
        }
        return isNull(node) ? "" : scalar.string
    }

    mutating func bool(_ node: Node, _ path: ConfigPath) -> Bool? {
        guard let text = string(node, path) else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            error(path, "must be true or false, got \(Echo.quote(text))", at: node)
            return nil
        }
    }

    /// A whole number; `2_000_000` is allowed for readability. One with more digits than any
    /// integer holds is over `limit`, the key's largest value, and the message says so.
    mutating func integer(_ node: Node, _ path: ConfigPath, rule: String, limit: Int) -> Int? {
        guard let text = string(node, path) else { return nil }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits) else {
            let unsigned = digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
            if !unsigned.isEmpty, unsigned.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                error(path, "\(Echo.quote(text)) is over the limit of \(limit)", at: node)
            } else {
                error(path, "\(rule), got \(Echo.quote(text))", at: node)
            }
            return nil
        }
        return value
    }

    /// A duration no longer than `maximum`.
    mutating func timeSpan(_ node: Node, _ path: ConfigPath, maximum: TimeSpan) -> TimeSpan? {
        guard let text = string(node, path) else { return nil }
        guard let seconds = TimeSpan.seconds(parsing: text) else {
            error(path, "\(Echo.quote(text)) is not a duration; write a number with a unit, e.g. 30s, 15m, 2h, 7d or 1h30m", at: node)
            return nil
        }
        guard seconds <= maximum.seconds else {
            error(path, "\(Echo.quote(text)) is longer than the maximum of \(maximum)", at: node)
            return nil
        }
        return TimeSpan(seconds: seconds)
    }

    /// A duration above zero and no longer than `maximum`; `ifZero` says what to write instead of `0s`.
    mutating func positiveTimeSpan(_ node: Node, _ path: ConfigPath, maximum: TimeSpan, ifZero: String) -> TimeSpan? {
        guard let span = timeSpan(node, path, maximum: maximum) else { return nil }
        guard span.seconds > 0 else {
            error(path, ifZero, at: node)
            return nil
        }
        return span
    }

    /// One of a fixed set of words.
    mutating func choice<Value: RawRepresentable & CaseIterable>(_ node: Node, _ path: ConfigPath, _: Value.Type) -> Value? where Value.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let names = Value.allCases.map(\.rawValue)
        error(path, "\(Echo.quote(text)) is not one of \(names.joined(separator: ", "))\(DidYouMean.hint(for: text, among: names, budget: &suggestions))", at: node)
        return nil
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describeFound(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): ", got \(Echo.quote(scalar.string))"
        case .sequence: ", got a list"
        case .mapping: ", got a mapping"
        case .alias: ", got an alias"
        }
    }
}
