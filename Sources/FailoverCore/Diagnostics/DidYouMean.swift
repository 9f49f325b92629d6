/// Suggests the closest known word for a misspelt one.
package enum DidYouMean {
    /// The candidate within a small edit distance of `word`, if any: ` (did you mean "x"?)`, or "".
    /// For a fixed, short list of candidates (keys, choices); names from the file go through a `Budget`.
    package static func hint(for word: String, among candidates: [String]) -> String {
        var budget = Budget(hints: 1, cells: .max)
        return hint(for: word, among: candidates, budget: &budget)
    }

    /// The work one run may spend on suggestions. Each suggestion compares a word with every
    /// candidate, so a file naming thousands of unknown agents among thousands of instances would
    /// cost their product: past `hints` suggestions, or `cells` character comparisons, no more are made.
    package struct Budget: Sendable {
        /// As `record` does for unknown agents: a hundred suggestions help; more only repeat the mistake.
        package static let defaultHints = 100
        /// A few misspelt names checked against a fleet of ten thousand agents (about a hundred cells
        /// each): every suggestion a real config needs, many times over.
        package static let defaultCells = 5_000_000

        package private(set) var hintsLeft: Int
        package private(set) var cellsLeft: Int
        /// Character comparisons made so far.
        package private(set) var cellsUsed = 0

        package init(hints: Int = defaultHints, cells: Int = defaultCells) {
            hintsLeft = hints
            cellsLeft = cells
        }

        /// Takes `cells` from what is left; false, taking nothing, when not that much is left.
        mutating func spend(_ cells: Int) -> Bool {
            guard cells <= cellsLeft else {
                cellsLeft = 0
                return false
            }
            cellsLeft -= cells
            cellsUsed += cells
            return true
        }

        mutating func spendHint() { hintsLeft -= 1 }
    }

    package static func hint(for word: String, among candidates: [String], budget: inout Budget) -> String {
        guard budget.hintsLeft > 0, let best = closest(to: word, among: candidates, budget: &budget) else { return "" }
        budget.spendHint()
        return " (did you mean \"\(best)\"?)"
    }

    /// Words longer than this are not names anyone misspelt: no suggestion, and no quadratic cost.
    static let maximumWordLength = 64

    package static func closest(to word: String, among candidates: [String]) -> String? {
        var budget = Budget(hints: 1, cells: .max)
        return closest(to: word, among: candidates, budget: &budget)
    }

    /// The closest candidate found before the budget ran out. Compared as UTF-8 with ASCII letters
    /// folded: every name a suggestion is made for (keys, choices, providers, instances) is ASCII,
    /// and bytes cost no grapheme breaking.
    static func closest(to word: String, among candidates: [String], budget: inout Budget) -> String? {
        let lowered = word.utf8.map(folded)
        let length = lowered.count
        guard length <= maximumWordLength else { return nil }
        // Allow roughly one typo per three characters, at least two.
        let allowed = max(2, length / 3)
        var best: (word: String, distance: Int)?
        var rows = Rows()
        for candidate in candidates {
            // A length difference is a lower bound on the distance: skip what cannot be close.
            let candidateLength = candidate.utf8.count
            guard abs(candidateLength - length) <= allowed else { continue }
            guard budget.spend(max(1, length * candidateLength)) else { break }
            let limit = min(allowed, (best?.distance ?? allowed + 1) - 1)
            if let found = rows.distance(lowered, candidate.utf8, atMost: limit) {
                best = (candidate, found)
                if found == 0 { break }
            }
        }
        return best?.word
    }

    static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// Levenshtein distance over UTF-8 bytes, ASCII letters folded.
    static func distance(_ a: String, _ b: String) -> Int {
        var rows = Rows()
        return rows.distance(a.utf8.map(folded), b.utf8, atMost: .max)!
    }

    /// The two rows of the distance table, kept across comparisons so one suggestion allocates once.
    struct Rows {
        var previous: [Int] = []
        var current: [Int] = []
        var other: [UInt8] = []

        /// The distance when it is at most `limit`, else nil; stops at the first row whose every
        /// entry is over the limit, since the distance only grows from there.
        mutating func distance(_ a: [UInt8], _ b: String.UTF8View, atMost limit: Int) -> Int? {
            guard limit >= 0 else { return nil }
            other.removeAll(keepingCapacity: true)
            other.append(contentsOf: b)
            let b = other
            if a.isEmpty { return b.count <= limit ? b.count : nil }
            if b.isEmpty { return a.count <= limit ? a.count : nil }
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: 0...b.count)
            current.removeAll(keepingCapacity: true)
            current.append(contentsOf: repeatElement(0, count: b.count + 1))
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == DidYouMean.folded(b[j - 1]) ? 0 : 1
                    current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    rowMinimum = Swift.min(rowMinimum, current[j])
                }
                if rowMinimum > limit { return nil }
                swap(&previous, &current)
            }
            return previous[b.count] <= limit ? previous[b.count] : nil
        }
    }
}
