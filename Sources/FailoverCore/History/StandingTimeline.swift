/// One instance's standing from `start` on: `initial` until the first change, then each change's
/// standing until the next. Nil standing means the instance did not exist yet.
///
/// Changes are taken in ledger order. A change stamped earlier than the one before it (a late outcome
/// recorded after a newer one) counts from the earlier change's time: time never runs backwards, so
/// no span is negative and the parts always add up to the time covered.
public struct StandingTimeline: Sendable, Hashable {
    public var start: Timestamp
    public var initial: Standing?
    public var changes: [StandingChange]

    public init(start: Timestamp, initial: Standing?, changes: [StandingChange] = []) {
        self.start = start
        self.initial = initial
        self.changes = changes
    }

    /// Calls `body` with each stretch of constant standing, in order, clipped to `start...end`: from,
    /// to (exclusive) and the standing, nil while the instance did not exist.
    func forEachStretch(through end: Timestamp, _ body: (Int64, Int64, Standing?) -> Void) {
        var from = start.seconds
        var standing = initial
        let last = max(end.seconds, from)
        for change in changes {
            let at = min(max(change.at.seconds, from), last)
            if at > from { body(from, at, standing) }
            from = at
            standing = change.standing
        }
        if last > from { body(from, last, standing) }
    }
}
