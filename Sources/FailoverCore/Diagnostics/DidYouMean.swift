/// Suggests the closest known word for a misspelt one.
package enum DidYouMean {
    /// The candidate within a small edit distance of `word`, if any: ` (did you mean "x"?)`, or "".
    package static func hint(for word: String, among candidates: [String]) -> String {
        guard let best = closest(to: word, among: candidates) else { return "" }
        return " (did you mean \"\(best)\"?)"
    }

    /// Words longer than this are not names anyone misspelt: no suggestion, and no quadratic cost.
    static let maximumWordLength = 64

    package static func closest(to word: String, among candidates: [String]) -> String? {
        let length = word.count
        guard length <= maximumWordLength else { return nil }
        // Allow roughly one typo per three characters, at least two.
        let allowed = max(2, length / 3)
        let lowered = word.lowercased()
        // A length difference is a lower bound on the distance: skip what cannot be close.
        let scored = candidates.lazy.filter { abs($0.count - length) <= allowed }.map { ($0, distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= allowed ? best.0 : nil
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
