import FailoverCore
import GRDB

/// The history rollup the v8 trigger keeps (`Schema`, "v8-standing-history").
enum HistoryQueries {
    /// A few thousand rows for a month of a fleet of any size: one per type, hour and standing that
    /// saw a move, and one per instance for the counts now, summed here by SQLite.
    static func standingRollup(since: Timestamp, in db: Database) throws -> StandingRollup {
        var rollup = StandingRollup()
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT agent_type, standing, COUNT(*) FROM agent_standing_now GROUP BY agent_type, standing
            """)) {
            guard let standing = Standing(rawValue: row[1]) else { continue }
            rollup.now[row[0], default: [:]][standing] = row[2]
        }
        let hour = since.seconds >= 0 ? since.seconds / 3600 * 3600 : (since.seconds - 3599) / 3600 * 3600
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT hour, agent_type, standing, changes, moments FROM agent_standing_hourly_by_type WHERE hour >= ?
            """), arguments: [hour])
        while let row = try cursor.next() {
            guard let standing = Standing(rawValue: row[2]) else { continue }
            rollup.hours.append(StandingRollup.Hour(start: row[0], type: row[1], standing: standing, changes: row[3], moments: row[4]))
        }
        return rollup
    }
}
