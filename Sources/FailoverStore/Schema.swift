import GRDB

/// Every schema change, in order. Never edit a registered migration: add the next one.
/// A database holding a migration this list does not know was written by a newer failover and is refused.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-state-ledger-usage") { db in
            try db.execute(sql: """
                CREATE TABLE agent_provider_state (
                    agent TEXT PRIMARY KEY NOT NULL,
                    tier INTEGER NOT NULL CHECK (tier >= 1),
                    paused INTEGER NOT NULL DEFAULT 0,
                    cooldown_until INTEGER,
                    last_failure_kind TEXT,
                    last_failure_at INTEGER,
                    server_error_streak INTEGER NOT NULL DEFAULT 0,
                    last_reset_token TEXT,
                    updated_at INTEGER NOT NULL
                );

                CREATE TABLE agent_provider_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agent TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    from_tier INTEGER NOT NULL,
                    to_tier INTEGER NOT NULL,
                    failure_kind TEXT,
                    provider TEXT,
                    model TEXT,
                    source TEXT NOT NULL,
                    detail TEXT NOT NULL DEFAULT '',
                    paused INTEGER NOT NULL,
                    cooldown_until INTEGER,
                    server_error_streak INTEGER NOT NULL,
                    reset_token TEXT
                );
                CREATE INDEX agent_provider_events_by_agent ON agent_provider_events(agent, id);
                CREATE INDEX agent_provider_events_by_time ON agent_provider_events(at);
                CREATE TRIGGER agent_provider_events_append_only_update BEFORE UPDATE ON agent_provider_events
                BEGIN SELECT RAISE(ABORT, 'agent_provider_events is append-only'); END;
                CREATE TRIGGER agent_provider_events_append_only_delete BEFORE DELETE ON agent_provider_events
                BEGIN SELECT RAISE(ABORT, 'agent_provider_events is append-only'); END;

                -- One row per recorded task; the source of truth for usage.
                CREATE TABLE task_usage (
                    id INTEGER PRIMARY KEY,
                    agent TEXT NOT NULL,
                    agent_type TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    tier INTEGER NOT NULL,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL
                );
                -- Covers the window-edge sums, which read up to half an hour of rows.
                CREATE INDEX task_usage_by_type_time ON task_usage(agent_type, at, input_tokens, output_tokens, agent);

                -- Hourly rollups of task_usage, kept in the same transaction, so a window sum reads
                -- one row per hour plus at most half an hour of raw rows at each edge.
                CREATE TABLE usage_hourly_by_type (
                    agent_type TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    tasks INTEGER NOT NULL,
                    failures INTEGER NOT NULL,
                    PRIMARY KEY (agent_type, hour)
                ) WITHOUT ROWID;
                CREATE TABLE usage_hourly_by_agent (
                    agent TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    agent_type TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    tasks INTEGER NOT NULL,
                    failures INTEGER NOT NULL,
                    PRIMARY KEY (agent, hour)
                ) WITHOUT ROWID;
                CREATE INDEX usage_hourly_by_agent_hour ON usage_hourly_by_agent(hour);
                """)
        }
        migrator.registerMigration("v2-render-indexes") { db in
            // What a render needs to know cheaply at a million events: each agent's latest event, and
            // how many events each UTC day holds. Both are kept by the store in the same transaction.
            try db.execute(sql: """
                ALTER TABLE agent_provider_state ADD COLUMN last_event_id INTEGER;
                UPDATE agent_provider_state SET last_event_id =
                    (SELECT MAX(id) FROM agent_provider_events WHERE agent_provider_events.agent = agent_provider_state.agent);

                CREATE TABLE agent_provider_events_by_day (
                    day INTEGER PRIMARY KEY,
                    events INTEGER NOT NULL,
                    last_id INTEGER NOT NULL
                );
                INSERT INTO agent_provider_events_by_day (day, events, last_id)
                    SELECT at / 86400, COUNT(*), MAX(id) FROM agent_provider_events GROUP BY at / 86400;
                CREATE TRIGGER agent_provider_events_count_day AFTER INSERT ON agent_provider_events
                BEGIN
                    INSERT INTO agent_provider_events_by_day (day, events, last_id) VALUES (NEW.at / 86400, 1, NEW.id)
                    ON CONFLICT(day) DO UPDATE SET events = events + 1, last_id = MAX(last_id, NEW.id);
                END;
                """)
        }
        migrator.registerMigration("v3-covering-agent-usage") { db in
            // Every render sums each agent's last 24 hours of rollups: read them from the index alone.
            try db.execute(sql: """
                DROP INDEX usage_hourly_by_agent_hour;
                CREATE INDEX usage_hourly_by_agent_hour
                    ON usage_hourly_by_agent(hour, agent, input_tokens, output_tokens, tasks, failures);
                """)
        }
        migrator.registerMigration("v4-agent-usage-by-hour") { db in
            // Keyed by hour first: a batch from a thousand agents then updates a few neighbouring pages
            // of the current hour instead of one scattered page (and its index entry) per agent, which
            // made batches of a thousand outcomes three times as costly per outcome as large ones. The
            // render reads hours in a range, which this key also serves, so the index goes.
            try db.execute(sql: """
                CREATE TABLE usage_hourly_by_agent_v4 (
                    hour INTEGER NOT NULL,
                    agent TEXT NOT NULL,
                    agent_type TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    tasks INTEGER NOT NULL,
                    failures INTEGER NOT NULL,
                    PRIMARY KEY (hour, agent)
                ) WITHOUT ROWID;
                INSERT INTO usage_hourly_by_agent_v4 (hour, agent, agent_type, input_tokens, output_tokens, tasks, failures)
                    SELECT hour, agent, agent_type, input_tokens, output_tokens, tasks, failures FROM usage_hourly_by_agent ORDER BY hour, agent;
                DROP TABLE usage_hourly_by_agent;
                ALTER TABLE usage_hourly_by_agent_v4 RENAME TO usage_hourly_by_agent;
                """)
        }
        migrator.registerMigration("v5-env-told") { db in
            // The digest of the env file each container was last told to run (see EnvTold). NULL for rows
            // an earlier version wrote: their containers are taken to run what their env file holds.
            try db.execute(sql: "ALTER TABLE agent_provider_state ADD COLUMN env_told TEXT")
        }
        migrator.registerMigration("v6-env-offer") { db in
            // A recreate flag committed and not yet acknowledged, and the count of offers that tells an
            // acknowledgement which one it settles (see EnvSignal).
            try db.execute(sql: """
                ALTER TABLE agent_provider_state ADD COLUMN env_offer TEXT;
                ALTER TABLE agent_provider_state ADD COLUMN env_offer_serial INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v7-pause-reason") { db in
            // Why a paused instance is paused (PauseReason). Rows paused before this version take the
            // reason of their newest pausing event; `paused` stays, kept equal to `pause_reason IS NOT NULL`.
            try db.execute(sql: """
                ALTER TABLE agent_provider_state ADD COLUMN pause_reason TEXT;
                UPDATE agent_provider_state SET pause_reason = COALESCE((
                    SELECT CASE kind WHEN 'exhausted_pause' THEN 'exhausted' ELSE 'operator' END
                    FROM agent_provider_events e
                    WHERE e.agent = agent_provider_state.agent AND e.kind IN ('exhausted_pause', 'paused')
                    ORDER BY e.id DESC LIMIT 1
                ), 'operator') WHERE paused != 0;
                """)
        }
        migrator.registerMigration("v8-standing-history") { db in
            // "How flaky has it been?" per type, at every render, without reading a month of ledger:
            // each switch moves one instance out of one standing (tier 1, lower, paused) and into
            // another, so per type and hour the trigger keeps the count of those moves (+1 in, -1 out)
            // and the sum of their seconds into the hour. With the counts now (agent_standing_now),
            // the seconds on each standing over any span of whole hours follow exactly
            // (StandingRollup). Events carry their type from now on; the agents' standings now are
            // taken from the ledger with an unknown type (''), so type history starts at this upgrade.
            try db.execute(sql: """
                ALTER TABLE agent_provider_events ADD COLUMN agent_type TEXT;
                CREATE TABLE agent_standing_now (
                    agent TEXT PRIMARY KEY NOT NULL,
                    agent_type TEXT NOT NULL,
                    standing INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO agent_standing_now (agent, agent_type, standing)
                    SELECT agent, '', CASE WHEN paused THEN 2 WHEN to_tier <= 1 THEN 0 ELSE 1 END
                    FROM agent_provider_events WHERE id IN (
                        SELECT MAX(id) FROM agent_provider_events
                        WHERE kind NOT IN ('server_error_counted', 'server_errors_cleared') GROUP BY agent);
                CREATE TABLE agent_standing_hourly_by_type (
                    hour INTEGER NOT NULL,
                    agent_type TEXT NOT NULL,
                    standing INTEGER NOT NULL,
                    changes INTEGER NOT NULL,
                    moments INTEGER NOT NULL,
                    PRIMARY KEY (hour, agent_type, standing)
                ) WITHOUT ROWID;
                CREATE TRIGGER agent_provider_events_standing AFTER INSERT ON agent_provider_events
                WHEN NEW.kind NOT IN ('server_error_counted', 'server_errors_cleared')
                BEGIN
                    INSERT INTO agent_standing_hourly_by_type (hour, agent_type, standing, changes, moments)
                        SELECT NEW.at / 3600 * 3600, agent_type, standing, -1, -(NEW.at % 3600)
                        FROM agent_standing_now WHERE agent = NEW.agent
                    ON CONFLICT DO UPDATE SET changes = changes + excluded.changes, moments = moments + excluded.moments;
                    INSERT INTO agent_standing_hourly_by_type (hour, agent_type, standing, changes, moments)
                        VALUES (NEW.at / 3600 * 3600, COALESCE(NEW.agent_type, ''),
                                CASE WHEN NEW.paused THEN 2 WHEN NEW.to_tier <= 1 THEN 0 ELSE 1 END, 1, NEW.at % 3600)
                    ON CONFLICT DO UPDATE SET changes = changes + excluded.changes, moments = moments + excluded.moments;
                    INSERT INTO agent_standing_now (agent, agent_type, standing)
                        VALUES (NEW.agent, COALESCE(NEW.agent_type, ''), CASE WHEN NEW.paused THEN 2 WHEN NEW.to_tier <= 1 THEN 0 ELSE 1 END)
                    ON CONFLICT(agent) DO UPDATE SET agent_type = excluded.agent_type, standing = excluded.standing;
                END;
                """)
        }
        migrator.registerMigration("v9-events-by-kind") { db in
            // `failover_ledger_events_total{kind}` at every render and `failover metrics` run, without
            // counting a million-row ledger: the trigger keeps one counter per kind in the transaction
            // that appends the event, as v2 does per day.
            try db.execute(sql: """
                CREATE TABLE agent_provider_events_by_kind (
                    kind TEXT PRIMARY KEY NOT NULL,
                    events INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO agent_provider_events_by_kind (kind, events)
                    SELECT kind, COUNT(*) FROM agent_provider_events GROUP BY kind;
                CREATE TRIGGER agent_provider_events_count_kind AFTER INSERT ON agent_provider_events
                BEGIN
                    INSERT INTO agent_provider_events_by_kind (kind, events) VALUES (NEW.kind, 1)
                    ON CONFLICT(kind) DO UPDATE SET events = events + 1;
                END;
                """)
        }
        migrator.registerMigration("v10-outcome-details") { db in
            // What each outcome line said beyond its usage (OutcomeDetails), so `failover outcomes` can
            // give the line back as `record` reads it. Rows recorded before this version keep NULLs.
            // No index: `outcomes` reads a time range through task_usage_by_type_time, one type at a time.
            try db.execute(sql: """
                ALTER TABLE task_usage ADD COLUMN status INTEGER;
                ALTER TABLE task_usage ADD COLUMN error_type TEXT;
                ALTER TABLE task_usage ADD COLUMN message TEXT;
                ALTER TABLE task_usage ADD COLUMN retry_after INTEGER;
                ALTER TABLE task_usage ADD COLUMN stated_tier INTEGER;
                """)
        }
        migrator.registerMigration("v11-flap-damping") { db in
            // Flap damping (AgentState.flapCount, recoveredAt) and the Retry-After of the step in force
            // (stepRetryAfter), in the state and in the ledger that replays it. Old step events counted
            // no flaps and kept no Retry-After: 0 and NULL replay to what old rows hold. An instance
            // whose newest tier-1 return is a recovery gets its moment back from the ledger, since
            // replay sets it from that event.
            try db.execute(sql: """
                ALTER TABLE agent_provider_state ADD COLUMN flap_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE agent_provider_state ADD COLUMN recovered_at INTEGER;
                ALTER TABLE agent_provider_state ADD COLUMN step_retry_after INTEGER;
                ALTER TABLE agent_provider_events ADD COLUMN flap_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE agent_provider_events ADD COLUMN retry_after INTEGER;
                UPDATE agent_provider_state SET recovered_at = (
                    SELECT CASE kind WHEN 'recovered' THEN at END
                    FROM agent_provider_events e
                    WHERE e.agent = agent_provider_state.agent
                      AND e.kind IN ('created', 'step_down', 'exhausted_pause', 'exhausted_wrap', 'recovered', 'reset')
                    ORDER BY e.id DESC LIMIT 1
                );
                """)
        }
        return migrator
    }()
}
