import FailoverCore
import GRDB

/// What each container was last told to run: the digest of the env file content in the last plan
/// or record output that flagged it for recreation and was delivered. `cycle` flags a container
/// exactly when its env file's wanted content differs from this, so a signal lost to a crash is
/// given again, whenever and wherever the crash came.
public enum EnvTold: Sendable, Hashable {
    /// A row an earlier version wrote: the container is taken to run what its env file holds.
    case unknown
    /// Never told anything: its first env file needs a container.
    case nothing
    case digest(String)

    init(column: String?) {
        switch column {
        case nil: self = .unknown
        case ""?: self = .nothing
        case let digest?: self = .digest(digest)
        }
    }

    var column: String? {
        switch self {
        case .unknown: nil
        case .nothing: ""
        case .digest(let digest): digest
        }
    }
}

/// A delivered signal: the agent was told `digest`, having been at `previous` when it was decided.
public struct EnvDelivery: Sendable, Hashable {
    public var agent: String
    public var previous: EnvTold
    public var digest: String

    public init(agent: String, previous: EnvTold, digest: String) {
        self.agent = agent
        self.previous = previous
        self.digest = digest
    }
}

enum EnvToldRecord {
    static func all(_ db: Database) throws -> [String: EnvTold] {
        var told: [String: EnvTold] = [:]
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

extension StoreReader {
    /// Every agent's `EnvTold`.
    public func envTold() throws -> [String: EnvTold] { try EnvToldRecord.all(db) }
}

extension FailoverStore {
    /// Records that the output naming these signals was delivered: one short transaction after it is printed.
    public func recordDelivered(_ deliveries: [EnvDelivery]) throws {
        guard !deliveries.isEmpty else { return }
        try write { transaction in try EnvToldRecord.record(deliveries, in: transaction.db) }
    }
}
