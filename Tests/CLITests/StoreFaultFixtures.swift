import Foundation
import GRDB
import Testing

/// A small fleet with env files, its database populated through the real binary.
struct FaultFleet {
    let scratch: ScratchDirectory
    static let environment = ["ANTHROPIC_API_KEY": "sk-ant-faults-0000000000000", "DEEPSEEK_API_KEY": "ds-faults-0000000000"]

    init(lockTimeout: String = "1s") throws {
        scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", """
            service:
              lock_timeout: \(lockTimeout)
            agent_types:
              coder:
                instances: [coder-1, coder-2, coder-3]
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                  - { provider: deepseek, model: deepseek-chat }
            """)
    }

    var database: String { scratch.path("var/failover.sqlite") }
    var config: String { scratch.path("failover.yaml") }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", config], stdin: stdin, environment: Self.environment)
    }

    /// `index` hours after 2026-11-01T00:00:00Z, in RFC 3339.
    static func hour(_ index: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: 1_793_491_200 + Double(index) * 3600))
    }

    /// `count` outcomes an hour apart, every seventh an error, so usage, events and env files all move.
    static func outcomes(_ count: Int, from start: Int = 0) -> String {
        (start..<(start + count)).map { index in
            let at = Self.hour(index)
            let agent = "coder-\(1 + index % 3)"
            return index % 7 == 0
                ? #"{"agent":"\#(agent)","at":"\#(at)","outcome":"error","status":429,"error_type":"rate_limit_error","message":"slow down \#(String(repeating: "z", count: 150))","input_tokens":10,"output_tokens":0}"#
                : #"{"agent":"\#(agent)","at":"\#(at)","outcome":"success","input_tokens":\#(1000 + index),"output_tokens":\#(index)}"#
        }.joined(separator: "\n")
    }

    /// Enough history for a database of a few dozen pages; every process has exited, so the WAL is
    /// checkpointed into the file and gone.
    func populate() throws {
        expectOK(try run(["cycle", "--now", "2026-11-01T00:00:00Z"]))
        expectOK(try run(["record", "--now", "2026-11-30T00:00:00Z"], stdin: Self.outcomes(600)))
    }

    /// Every env file's bytes, by name.
    func envFiles() throws -> [String: Data] {
        let folder = scratch.path("var/env")
        guard FileManager.default.fileExists(atPath: folder) else { return [:] }
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    func count(_ table: String) throws -> Int {
        // A busy timeout: on a loaded machine, opening a WAL database the verb just closed can meet
        // its last checkpoint, and the count must wait for it rather than fail the test.
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: database, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
        }
    }
}

/// Fails the test with the command's stderr when it did not exit 0.
func expectOK(_ result: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
}
