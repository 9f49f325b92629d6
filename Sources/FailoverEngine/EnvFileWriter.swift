import AtomicFiles
import ConfigLoader
import FailoverCore
import Foundation

/// Keeps `env_dir/<agent>.env` in step with each container instance's tier, and decides which
/// containers to recreate.
///
/// Files are written inside the verb's transaction, while it holds the write lock, so two verbs
/// never write one agent's file out of order; the writer remembers what it replaced, so when the
/// transaction fails the files are put back. Whether a container is recreated does not depend on
/// whether its file changed just now but on what the container was last told (`EnvTold`): a signal
/// lost because a process died after writing a file and before its output was read is given again
/// by the next `cycle`, which also rewrites any file a crash left ahead of the state.
final class EnvFileWriter {
    struct Sync {
        var path: String
        /// The container must be recreated: its env file's content is not what it was last told to run.
        var recreate: Bool
        /// Why the file was left as it was.
        var problem: EnvFile.Problem?
        /// To record once the output carrying `recreate` is delivered.
        var delivery: EnvDelivery?
    }

    let directory: String
    let providers: ProviderRegistry
    let environment: [String: String]
    /// What an agent's container was last told: every agent read at once for `cycle`, one at a time for `record`.
    let told: (AgentID) throws -> EnvTold
    private var replaced: [(path: String, previous: Data?)] = []
    private var cleaned = false

    init(config: LoadedConfig, environment: [String: String], told: @escaping (AgentID) throws -> EnvTold) {
        directory = config.envDirectory
        providers = config.config.providers
        self.environment = environment
        self.told = told
    }

    func path(for agent: AgentID) -> String { directory + "/" + agent.rawValue + ".env" }

    /// Writes the file for the agent's current tier when its content differs from what is there.
    func sync(agent: AgentID, type: AgentType, tier: Int) throws -> Sync {
        let path = path(for: agent)
        guard let entry = type.entry(forTier: tier), let provider = providers[entry.provider] else {
            return Sync(path: path, recreate: false, problem: nil, delivery: nil)
        }
        let text: String
        switch EnvFile.render(agent: agent, tier: tier, of: type.chain.count, entry: entry, provider: provider, environment: environment) {
        case .failure(let problem): return Sync(path: path, recreate: false, problem: problem, delivery: nil)
        case .success(let content): text = content
        }
        let data = Data(text.utf8)
        let digest = ContentDigest.hex(text)
        let previous = FileManager.default.contents(atPath: path)
        if previous != data {
            if !cleaned {
                // Temporary files of processes killed mid-write: each holds a whole env file, key and
                // all. `sync` runs only inside the store's write transaction, the lock every writer here holds.
                AtomicFile.removeTemporariesUnderWritersLock(in: directory)
                cleaned = true
            }
            try AtomicFile.makeFolder(directory, mode: 0o700)
            // No fsync: the database commit is the durable record, the rename keeps the file whole, and
            // every cycle rewrites a file that does not match the state.
            try AtomicFile.write(data, to: path, mode: 0o600)
            FaultPoint.reach("env-write")
            replaced.append((path, previous))
        }
        let before = try told(agent)
        let recreate: Bool
        switch before {
        case .digest(let last): recreate = last != digest
        case .nothing: recreate = true
        // Written by an earlier version: its containers run what the file held before this write.
        case .unknown: recreate = previous != data
        }
        let delivery = before == .digest(digest) ? nil : EnvDelivery(agent: agent, previous: before, digest: digest)
        return Sync(path: path, recreate: recreate, problem: nil, delivery: delivery)
    }

    /// Puts back every file this writer replaced, newest first. Best effort (the disk may be full):
    /// whatever stays ahead of the state, the next `cycle` rewrites, and no container was told of it.
    /// A failed commit has already let go of the write lock, so another verb's cleanup may take a
    /// temporary file from under this: that file then stays ahead too, with the same remedy.
    func rollback() {
        for (path, previous) in replaced.reversed() {
            if let previous {
                try? AtomicFile.write(previous, to: path, mode: 0o600)
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        replaced.removeAll()
    }
}
