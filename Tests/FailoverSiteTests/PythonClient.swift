import Foundation
import Testing

/// Runs a Python program as an independent reader of the rendered files (feedparser for the Atom
/// feed, the standard library's json for the Statuspage files) and returns what it printed as JSON.
/// scripts/test installs python3 and the pinned PyPI packages; without them these tests fail with
/// the reason, never pass unseen.
enum PythonClient {
    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `program` run with `arguments` as `sys.argv[1...]`; it must exit 0 and print one JSON value.
    static func run(_ program: String, _ arguments: [String]) throws -> Any {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python, "python3 is not on PATH: run scripts/test, which installs it"))
        process.arguments = ["-c", program] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both before waiting: a full pipe would stall the child.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed (scripts/test installs what it imports): \(problem)")
        return try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
    }
}
