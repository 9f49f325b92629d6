import FailoverCore
import Foundation
import Testing

/// Standard output that cannot be written (a full disk, a pipe whose reader is gone while SIGPIPE is
/// ignored) is a user error with a message, never a crash; and flags that were not printed whole are
/// not counted as delivered.
@Suite struct OutputFailureTests {
    static let environment = ["ANTHROPIC_API_KEY": "sk-ant-output-test-0000000000", "DEEPSEEK_API_KEY": "ds-output-00000000"]
    static let config = """
        agent_types:
          coder:
            instances: [c1, c2]
            provider_chain:
              - { provider: anthropic, model: m1 }
              - { provider: deepseek, model: deepseek-chat }
        """

    /// Runs `failover` with its standard output on `target` (a path, or a pipe with no reader when nil),
    /// SIGPIPE ignored as a dispatcher written in Python or Go leaves it.
    static func run(_ arguments: [String], stdoutTo target: String?, input: String? = nil) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", #"trap '' PIPE; exec "$0" "$@""#, CLI.binary.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        let output: FileHandle
        if let target {
            output = try #require(FileHandle(forWritingAtPath: target))
        } else {
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            output = pipe.fileHandleForWriting
        }
        process.standardOutput = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data((input ?? "").utf8))
        try stdin.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    @Test(arguments: ["/dev/full", nil] as [String?])
    func aVerbWhoseOutputCannotBeWrittenExitsOneAndSaysWhy(_ target: String?) throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let config = ["--config", scratch.path("failover.yaml")]
        for verb in [["status"], ["cycle", "--json"], ["events"], ["validate"]] {
            let result = try Self.run(verb + config, stdoutTo: target)
            #expect(result.status == 1, "\(verb) into \(target ?? "a closed pipe"): \(result.stderr)")
            #expect(result.stderr.contains("could not write to standard output"), "\(verb): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
    }

    /// The batch is applied (the commit came first), but its recreate flag never reached anyone: the
    /// next cycle gives it.
    @Test func aRecordWhoseOutputIsLostLeavesItsFlagsOutstanding() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let config = ["--config", scratch.path("failover.yaml"), "--now", "2026-11-24T10:00:00Z"]
        #expect(try CLI.run(["cycle"] + config, environment: Self.environment).status == 0)
        let lost = try Self.run(["record", "--json"] + config, stdoutTo: "/dev/full", input: #"{"agent":"c1","at":"2026-11-24T09:59:00Z","outcome":"error","status":401}"#)
        #expect(lost.status == 1 && lost.stderr.contains("could not write to standard output"), "\(lost.stderr)")
        let cycle = try CLI.run(["cycle", "--json"] + config, environment: Self.environment)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(cycle.stdout.utf8)) as? [String: Any])
        let agents = try #require(plan["agents"] as? [[String: Any]])
        let c1 = try #require(agents.first { $0["agent"] as? String == "c1" })
        #expect(c1["tier"] as? Int == 2, "the batch was applied")
        #expect(c1["recreate"] as? Bool == true, "the flag the lost output carried is given again")
        #expect(agents.first { $0["agent"] as? String == "c2" }?["recreate"] as? Bool == false)
    }
}
