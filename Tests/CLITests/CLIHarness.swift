import FailoverCore
import Foundation

/// Runs the built `failover` binary, which SwiftPM puts beside the test bundle.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // On Linux the tests run from `<build>/failoverPackageTests.xctest`; on macOS from inside a bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("failover").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("failover")
    }()

    /// A child that exits before reading all its input must fail its own test, not kill the test process.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `via` names a launcher the binary runs under, such as `["/usr/bin/setpriv", ..., "--"]`.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL? = nil, via launcher: [String] = []) throws -> Result {
        try run(arguments, input: stdin.map { Data($0.utf8) }, environment: environment, in: directory, via: launcher)
    }

    /// `input` as raw bytes, for input that is not UTF-8; `unsetting` removes inherited variables.
    @discardableResult
    static func run(_ arguments: [String], input: Data?, environment: [String: String] = [:], unsetting: [String] = [], in directory: URL? = nil, via launcher: [String] = []) throws -> Result {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = launcher.first.map(URL.init(fileURLWithPath:)) ?? binary
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [binary.path] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FAILOVER_CONFIG")
        env.removeValue(forKey: "FAILOVER_HOST")
        for name in unsetting { env.removeValue(forKey: name) }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let stdinBytes = input
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Written from another thread: a large input must not block on a full pipe while the child blocks on its output.
        let writer = input.fileHandleForWriting
        let feeding = Thread { [data = stdinBytes] in
            if let data { try? writer.write(contentsOf: data) }
            try? writer.close()
        }
        feeding.start()
        // Both pipes drain at once and fully before waiting, so a chatty child cannot block on a full pipe.
        let errors = ErrorPipe(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Reads a pipe to its end on its own thread.
final class ErrorPipe: Sendable {
    private let data = LockedBox(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            let read = handle.readDataToEndOfFile()
            self.data.withLockedValue { $0 = read }
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data.withLockedValue { $0 }
    }
}

/// A scratch folder removed when the value goes away.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("failover-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Small fleets several CLI suites start from.
enum CLIFleets {
    /// Two coders on anthropic, then ollama.
    /// The dispatcher's environment for the end-to-end suites: a key for each provider their chains use.
    static let keys = ["ANTHROPIC_API_KEY": "sk-ant-e2e-000000000000000", "DEEPSEEK_API_KEY": "ds-e2e-0000000000"]

    static let twoCoders = """
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: ollama, model: "qwen3-coder:30b" }
        """
}
