import FailoverCore
import GRDB

/// `EnvTold` as the `env_told` column of `agent_provider_state`.
enum EnvToldRecord {
    static func all(_ db: Database) throws -> [AgentID: EnvTold] {
        var told: [AgentID: EnvTold] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT agent, env_told FROM agent_provider_state") {
            told[row[0]] = EnvTold(column: row[1])
        }
        return told
    }

    /// An agent without a state row was told nothing.
    static func one(_ agent: AgentID, _ db: Database) throws -> EnvTold {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT env_told FROM agent_provider_state WHERE agent = ?"), arguments: [agent]) else {
            return .nothing
        }
        return EnvTold(column: row[0])
    }

    /// Compare-and-set: a delivery decided on an older value than the one stored now (another verb
    /// told the container something since) is dropped, so a stale acknowledgement never hides a change.
    static func record(_ deliveries: [EnvDelivery], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE agent_provider_state SET env_told = ? WHERE agent = ? AND env_told IS ?")
        for delivery in deliveries {
            try statement.execute(arguments: [delivery.digest, delivery.agent, delivery.previous.column])
        }
    }
}
