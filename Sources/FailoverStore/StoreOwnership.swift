import GRDB

/// Whether a SQLite database is failover's: its `PRAGMA application_id` says so, and it holds no
/// tables but ours. Checked at every open, before anything is written, so pointing `service.database`
/// at another program's file refuses instead of adding our tables to it. Costs one small read of the
/// header and `sqlite_master`, never a scan of the data (that is `failover verify`'s job).
enum StoreOwnership {
    /// `PRAGMA application_id` of every failover database: "FOVR" in ASCII (0x464F5652). Databases
    /// made before the stamp existed carry 0 and are adopted when their tables are exactly ours.
    static let applicationID: Int32 = 0x464F_5652

    /// Every table any migration in `Schema` leaves behind. A migration that creates a table adds it here
    /// (a test compares this list with a freshly migrated database).
    static let tables: Set<String> = [
        "agent_provider_state", "agent_provider_events", "agent_provider_events_by_day",
        "task_usage", "usage_hourly_by_type", "usage_hourly_by_agent", "grdb_migrations",
        "agent_standing_now", "agent_standing_hourly_by_type", "agent_provider_events_by_kind",
    ]

    /// What the open-time check reads.
    struct Inspection {
        var applicationID: Int32
        /// Tables and views, without SQLite's own `sqlite_*`.
        var tables: Set<String>
        var appliedMigrations: Set<String>
        var journalMode: String
    }

    /// What opening has to do once the database is known to be ours.
    struct Plan: Equatable {
        var enableWAL: Bool
        var migrate: Bool
        /// An earlier failover's database, carrying application_id 0: stamp it.
        var stamp: Bool
    }

    static func inspect(_ db: Database) throws -> Inspection {
        Inspection(
            applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
            tables: try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"),
            appliedMigrations: try Schema.migrator.appliedIdentifiers(db),
            journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        )
    }

    /// Refuses what is not ours, most specific reason first; says what remains to be done otherwise.
    static func plan(_ found: Inspection, path: String) throws(StoreError) -> Plan {
        if found.applicationID != 0, found.applicationID != applicationID {
            throw .foreignDatabase(path: path, reason: "its application_id is \(hex(found.applicationID)), another program's; failover's is \(hex(applicationID))")
        }
        // Before the table check: a newer failover's new tables are not foreign, this version is old.
        let unknown = found.appliedMigrations.subtracting(Schema.migrator.migrations)
        guard unknown.isEmpty else { throw .newerSchema(path: path, unknownMigrations: unknown.sorted()) }
        let foreign = found.tables.subtracting(tables)
        guard foreign.isEmpty else {
            let names = foreign.sorted()
            let listed = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
            throw .foreignDatabase(path: path, reason: "it holds tables failover does not make: \(listed)")
        }
        if !found.tables.isEmpty, !found.tables.contains("grdb_migrations") {
            throw .foreignDatabase(path: path, reason: "it has tables named like failover's but no record of failover's migrations")
        }
        return Plan(
            enableWAL: found.journalMode.lowercased() != "wal",
            migrate: found.appliedMigrations != Set(Schema.migrator.migrations),
            stamp: found.applicationID != applicationID
        )
    }

    static func stamp(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }

    /// WAL lets readers (`render`, `status`) run beside the writer; the mode is stored in the file, so it
    /// is switched on once, when failover first takes the file, never on an open that may yet refuse it.
    static func enableWAL(_ db: Database) throws {
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else { throw DatabaseError(message: "could not switch the database to WAL mode (it stayed in \(mode ?? "an unknown") mode)") }
    }

    static func hex(_ id: Int32) -> String {
        "0x" + String(UInt32(bitPattern: id), radix: 16, uppercase: true)
    }
}
