import FailoverCore
import GRDB

/// `EnvSignal` as the `env_told`, `env_offer` and `env_offer_serial` columns of `agent_provider_state`.
enum EnvSignalRecord {
    static func all(_ db: Database) throws -> [AgentID: EnvSignal] {
        var signals: [AgentID: EnvSignal] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT agent, env_told, env_offer, env_offer_serial FROM agent_provider_state") {
            signals[row[0]] = EnvSignal(told: EnvTold(column: row[1]), offered: row[2], serial: row[3])
        }
        return signals
    }

    /// An agent without a state row was told nothing.
    static func one(_ agent: AgentID, _ db: Database) throws -> EnvSignal {
        let sql = "SELECT env_told, env_offer, env_offer_serial FROM agent_provider_state WHERE agent = ?"
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [agent]) else { return .new }
        return EnvSignal(told: EnvTold(column: row[0]), offered: row[1], serial: row[2])
    }

    /// The agent's state row exists: the verb saved it earlier in the same transaction.
    static func save(_ signal: EnvSignal, of agent: AgentID, in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE agent_provider_state SET env_told = ?, env_offer = ?, env_offer_serial = ? WHERE agent = ?")
        try statement.execute(arguments: [signal.told.column, signal.offered, signal.serial, agent])
        guard db.changesCount == 1 else {
            throw StoreError.database("no state row for \(Echo.quote(agent.rawValue)) to keep what its container was told in")
        }
    }

    /// `EnvSignal.acknowledging` in SQL: settles each offer that is still the agent's outstanding one.
    static func acknowledge(_ offers: [EnvOffer], in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE agent_provider_state SET env_told = ?, env_offer = NULL
            WHERE agent = ? AND env_offer IS NOT NULL AND env_offer_serial = ?
            """)
        for offer in offers {
            try statement.execute(arguments: [offer.digest, offer.agent, offer.serial])
        }
    }
}
