import Foundation
import Testing

/// A program from a Debian package that a test drives (promtool, nginx, node_exporter, ...).
/// `scripts/test` installs every one of them; where one is missing the test fails naming the
/// package, never skips unseen.
enum ExternalTool {
    /// The tool's path: on `PATH`, else in the sbin folders Debian puts daemons in (not on a
    /// non-root user's `PATH`).
    static func path(_ name: String, package: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        let found = folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "\(name) is not installed: install Debian's \(package) (scripts/test does)", sourceLocation: sourceLocation)
    }

    struct Run {
        var status: Int32
        /// Standard output and error as bytes: a gzip body must reach its test unchanged.
        var data: Data
        var output: String { String(decoding: data, as: UTF8.self) }
    }

    /// Runs `tool` to its end with `input` on standard input; standard output and error together.
    static func run(_ tool: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        let writer = stdin.fileHandleForWriting
        Thread { [input] in
            if let input { try? writer.write(contentsOf: input) }
            try? writer.close()
        }.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, data: data)
    }
}
