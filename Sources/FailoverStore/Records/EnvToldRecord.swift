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

    /// Compare-and-set: a delivery decided on an older value than the one stored now (another verb
    /// told the container something since) is dropped, so a stale acknowledgement never hides a change.
    static func record(_ deliveries: [EnvDelivery], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE agent_provider_state SET env_told = ? WHERE agent = ? AND env_told IS ?")
        for delivery in deliveries {
            try statement.execute(arguments: [delivery.digest, delivery.agent, delivery.previous.column])
        }
    }
}
