/// One type's budget sum over `(end - window, end]`, slid forward as a batch's outcomes advance the
/// end. A slide adds the rows that came into the window and takes away those that left it. Both come
/// from the store a stretch at a time (`prefetch` seconds of each edge in one query) rather than in two
/// queries per outcome, which cost a batch of 1,000 outcomes about as much as inserting its rows (on
/// PostgreSQL, far more: each query is a round trip). Rows the transaction inserts inside a stretch
/// already read are added to it as they are written. No I/O of its own: the store passes its reads.
package final class WindowCursor {
    package let window: Int64
    /// The window is `(end - window, end]`; nil until the first exact sum.
    private var end: Int64?
    private var sum = 0
    /// Rows with `end < at <= incomingThrough`, in time order: they enter as the end passes them.
    private var incoming = Edge()
    /// Rows with `end - window < at <= leavingThrough - window`, in time order: they leave as the end passes `at + window`.
    private var leaving = Edge()

    /// Beyond this step, one exact sum is cheaper than reading the rows that slid in and out.
    static let maximumSlide: Int64 = 1800
    /// How far ahead each edge is read at a time: a batch of 1,000 outcomes at a busy fleet's pace
    /// spans about 200 seconds.
    static let prefetch: Int64 = 300

    /// Rows of one edge read ahead, oldest first, up to `through` (in the edge's own times).
    struct Edge {
        var rows: [(at: Int64, tokens: Int)] = []
        var next = 0
        var through: Int64 = .min

        /// Takes the rows at or before `time`, reading ahead from the store when `time` is past what was read.
        mutating func take(through time: Int64, read: (Int64, Int64) throws -> [(at: Int64, tokens: Int)]) throws -> Int {
            if time > through {
                if next > 0 {
                    rows.removeFirst(next)
                    next = 0
                }
                let upTo = max(time, through.addingReportingOverflow(WindowCursor.prefetch).overflow ? time : through + WindowCursor.prefetch)
                rows += try read(through + 1, upTo)
                through = upTo
            }
            var total = 0
            while next < rows.count, rows[next].at <= time {
                total = total.addingSaturating(rows[next].tokens)
                next += 1
            }
            return total
        }

        /// A row written after this edge was read, inside what it covers. Rows already taken are all
        /// older than it (they were behind the end it is ahead of), so it goes among the rest, in order.
        mutating func insert(at: Int64, tokens: Int) {
            let index = rows[next...].firstIndex { $0.at > at } ?? rows.count
            rows.insert((at, tokens), at: index)
        }

        mutating func reset(at time: Int64) {
            rows.removeAll(keepingCapacity: true)
            next = 0
            through = time
        }
    }

    package init(window: Int64) {
        self.window = window
    }

    /// The sum with the window ending at `newEnd`. `exact` sums the type's tokens with
    /// `first <= at <= last`; `rows` lists its rows in that range, oldest first.
    package func sum(
        endingAt newEnd: Int64, exact: (_ first: Int64, _ last: Int64) throws -> Int, rows read: (_ first: Int64, _ last: Int64) throws -> [(at: Int64, tokens: Int)]
    ) throws -> Int {
        if let end, newEnd >= end, newEnd - end <= Self.maximumSlide {
            sum = sum.addingSaturating(try incoming.take(through: newEnd, read: read))
            sum = sum.addingSaturating(try leaving.take(through: newEnd - window, read: read).multipliedSaturating(by: -1))
        } else {
            sum = try exact(newEnd - window + 1, newEnd)
            incoming.reset(at: newEnd)
            leaving.reset(at: newEnd - window)
        }
        end = newEnd
        return sum
    }

    /// A row written now: counted at once if it is inside the window, or kept for when it enters or
    /// leaves, if an edge already read past its time.
    package func didInsert(at: Int64, tokens: Int) {
        guard let end else { return }
        if at <= end, at > end - window { sum = sum.addingSaturating(tokens) }
        if at > end, at <= incoming.through { incoming.insert(at: at, tokens: tokens) }
        if at > end - window, at <= leaving.through { leaving.insert(at: at, tokens: tokens) }
    }
}
