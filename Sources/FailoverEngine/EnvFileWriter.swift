import AtomicFiles
import ConfigLoader
import FailoverCore
import Foundation

/// Keeps `env_dir/<agent>.env` in step with each container instance's tier. Remembers what it
/// replaced, so when the surrounding transaction fails the files can be put back as they were.
final class EnvFileWriter {
    struct Sync {
        var path: String
        /// The file's content changed: the container must be recreated to pick it up.
        var recreate: Bool
        /// Why the file was left as it was.
        var problem: EnvFile.Problem?
    }

    let directory: String
    let providers: ProviderRegistry
    let environment: [String: String]
    private var replaced: [(path: String, previous: Data?)] = []

    init(config: LoadedConfig, environment: [String: String]) {
        directory = config.envDirectory
        providers = config.config.providers
        self.environment = environment
    }

    func path(for agent: String) -> String { directory + "/" + agent + ".env" }

    /// Writes the file for the agent's current tier when its content differs from what is there.
    func sync(agent: String, type: AgentType, tier: Int) throws(FileWriteError) -> Sync {
        let path = path(for: agent)
        guard let entry = type.entry(forTier: tier), let provider = providers[entry.provider] else {
            return Sync(path: path, recreate: false, problem: nil)
        }
        let rendered = EnvFile.render(agent: agent, tier: tier, of: type.chain.count, entry: entry, provider: provider, environment: environment)
        let text: String
        switch rendered {
        case .failure(let problem): return Sync(path: path, recreate: false, problem: problem)
        case .success(let content): text = content
        }
        let data = Data(text.utf8)
        let previous = FileManager.default.contents(atPath: path)
        if previous == data {
            return Sync(path: path, recreate: false, problem: nil)
        }
        try AtomicFile.makeFolder(directory)
        // No fsync: the database commit is the durable record, the rename keeps the file whole, and
        // every cycle rewrites a file that does not match the state.
        try AtomicFile.write(data, to: path, mode: 0o600)
        replaced.append((path, previous))
        return Sync(path: path, recreate: true, problem: nil)
    }

    /// Puts back every file this writer replaced, newest first.
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
