import FailoverCore
import GRDB

/// Recorded outcomes in time order, read a row at a time. `task_usage` has no index on time alone
/// (one would cost every `record` an index insert per outcome), but its (agent_type, at) index gives
/// each type's rows in time order: one cursor per type, merged here by (at, id).
enum OutcomeQueries {
    static func forEach(_ query: OutcomeQuery, in db: Database, _ body: (UsageEntry) throws -> Void) throws {
        var clauses = ["agent_type = ?"]
        var bounds: [DatabaseValueConvertible?] = []
        if let since = query.since {
            clauses.append("at >= ?")
            bounds.append(since.seconds)
        }
        if let until = query.until {
            clauses.append("at < ?")
            bounds.append(until.seconds)
        }
        if let agent = query.agent {
            clauses.append("agent = ?")
            bounds.append(agent)
        }
        let sql = "SELECT \(UsageEntry.columns) FROM task_usage WHERE \(clauses.joined(separator: " AND ")) ORDER BY at, id"
        // Every type with a row: the hourly rollup has one row per type and hour, far fewer than task_usage.
        let types = try String.fetchAll(db, sql: "SELECT DISTINCT agent_type FROM usage_hourly_by_type ORDER BY agent_type")
        var heads = MergeHeap()
        var cursors: [RowCursor] = []
        for type in types {
            // Each its own statement: the cursors step side by side.
            let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: StatementArguments([type] + bounds))
            cursors.append(cursor)
            if let row = try cursor.next() { heads.push(Head(entry: try UsageEntry(row: row), id: row[14], source: cursors.count - 1)) }
        }
        while let head = heads.pop() {
            try body(head.entry)
            if let row = try cursors[head.source].next() { heads.push(Head(entry: try UsageEntry(row: row), id: row[14], source: head.source)) }
        }
    }

    struct Head {
        var entry: UsageEntry
        var id: Int64
        var source: Int

        static func before(_ a: Head, _ b: Head) -> Bool { (a.entry.at, a.id) < (b.entry.at, b.id) }
    }

    /// A binary min-heap of each cursor's next row: a fleet may have hundreds of types.
    struct MergeHeap {
        private var items: [Head] = []

        mutating func push(_ head: Head) {
            items.append(head)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Head.before(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Head? {
            guard !items.isEmpty else { return nil }
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count, Head.before(items[left], items[smallest]) { smallest = left }
                if right < items.count, Head.before(items[right], items[smallest]) { smallest = right }
                guard smallest != parent else { return top }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
