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
/// whether its file changed just now but on what the container has been told (`EnvSignal`): a flag
/// lost because a process died after committing and before its output was read and acknowledged is
/// given again by the next verb, and `cycle` also rewrites any file a crash left ahead of the state.
final class EnvFileWriter {
    struct Sync {
        var path: String
        /// The container must be recreated: its env file's content may not be what it runs.
        var recreate: Bool
        /// Why the file was left as it was.
        var problem: EnvFile.Problem?
        /// What the container has been told, to save in the verb's transaction; nil when unchanged.
        var signal: EnvSignal?
        /// To acknowledge once the output carrying `recreate` is printed.
        var offer: EnvOffer?
    }

    let directory: String
    /// The dispatcher host writing (`--host`), named in each file's header (`EnvFile.header`).
    let host: HostName?
    let providers: ProviderRegistry
    let environment: [String: String]
    /// Variables whose values are not UTF-8, left out of `environment`.
    let notUTF8: Set<String>
    /// What an agent's container has been told: every agent read at once for `cycle`, one at a time for `record`.
    let signal: (AgentID) throws -> EnvSignal
    private var replaced: [(path: String, previous: Data?)] = []
    private var cleaned = false

    init(config: LoadedConfig, host: HostName?, environment: [String: String], notUTF8: Set<String> = [], signal: @escaping (AgentID) throws -> EnvSignal) {
        directory = config.envDirectory
        self.host = host
        providers = config.config.providers
        self.environment = environment
        self.notUTF8 = notUTF8
        self.signal = signal
    }

    func path(for agent: AgentID) -> String { directory + "/" + agent.rawValue + ".env" }

    /// Writes the file for the agent's current tier when its content differs from what is there.
    func sync(agent: AgentID, type: AgentType, tier: Int) throws -> Sync {
        let path = path(for: agent)
        guard let entry = type.entry(forTier: tier), let provider = providers[entry.provider] else {
            return Sync(path: path, recreate: false)
        }
        let text: String
        switch EnvFile.render(agent: agent, host: host, tier: tier, of: type.chain.count, entry: entry, provider: provider, environment: environment, notUTF8: notUTF8) {
        case .failure(let problem): return Sync(path: path, recreate: false, problem: problem)
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
        let decision = try signal(agent).deciding(digest: digest, fileChanged: previous != data, agent: agent)
        return Sync(path: path, recreate: decision.recreate, signal: decision.next, offer: decision.offer)
    }

    /// Removes the env file this host wrote for an instance another host now runs (it was moved
    /// there): the file holds a key this host no longer needs. Only a file whose header names this
    /// host: dispatchers of one machine may share the folder. True when there was one. Put back by
    /// `rollback`.
    func remove(agent: AgentID) throws -> Bool {
        let path = path(for: agent)
        guard let host, let previous = FileManager.default.contents(atPath: path),
              previous.starts(with: Data(EnvFile.header(agent: agent, host: host).utf8))
        else { return false }
        try FileManager.default.removeItem(atPath: path)
        replaced.append((path, previous))
        return true
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
