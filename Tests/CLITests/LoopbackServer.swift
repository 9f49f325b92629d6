import FailoverCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real server (nginx, node_exporter) started by a test as its own unprivileged child on a free
/// loopback port, and stopped when the value goes away. It never binds anything but 127.0.0.1.
final class LoopbackServer {
    let port: Int
    private let process: Process
    private let log: URL

    /// Starts `tool` with `arguments(port)` and waits until `readyPath` answers over HTTP. A port taken
    /// between choosing and binding it is tried again with another.
    init(_ tool: String, log: URL, readyPath: String = "/", arguments: (Int) -> [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        var lastLog = ""
        for _ in 0..<3 {
            let port = try Self.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments(port)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            // Ready when it answers; bounded, so a server that never comes up fails the test.
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline, process.isRunning {
                if (try? HTTPProbe.get("http://127.0.0.1:\(port)\(readyPath)", timeout: 1)) != nil {
                    self.port = port
                    self.process = process
                    self.log = log
                    return
                }
                usleep(50_000)
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            lastLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        Issue.record("\(tool) did not come up on loopback: \(lastLog)", sourceLocation: sourceLocation)
        throw ServerDidNotStart()
    }

    struct ServerDidNotStart: Error {}

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    deinit {
        // SIGTERM to our own child, by its pid; nginx's master then stops its workers.
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// A port the kernel had free on 127.0.0.1 a moment ago.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
