import FailoverCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and reports its own wall time and peak resident memory (from `wait4`), so a
/// benchmark can measure the real `failover` binary the way the batch job runs it.
package enum ChildProcess {
    package struct Result: Sendable {
        package var status: Int32
        package var seconds: Double
        package var peakMegabytes: Double
        package var output: String
    }

    package static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-child-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError(message: "wait4: \(String(cString: strerror(errno)))") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Linux reports ru_maxrss in kilobytes.
        return Result(status: (status >> 8) & 0xFF, seconds: seconds, peakMegabytes: Double(usage.ru_maxrss) / 1024, output: output)
    }
}

/// A benchmark step that failed: a child process or a measurement; the bench is ours, so it is ours to fix.
package struct BenchError: OperatorError, CustomStringConvertible {
    package var message: String
    package var description: String { message }
    package var disposition: ErrorDisposition { .internalFault }
}
