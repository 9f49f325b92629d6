import Foundation

/// HTTP requests to a loopback server through curl, as a client sees the exchange: the status, every
/// header and the body's bytes exactly as sent (curl decodes nothing unless asked, so a gzip body
/// stays gzip).
enum HTTPProbe {
    struct Response {
        var status: Int
        /// Lower-cased names; a header sent twice keeps both values.
        var headers: [String: [String]]
        var body: Data

        func header(_ name: String) -> String? { headers[name.lowercased()]?.joined(separator: ", ") }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// A GET (or `method`) with `headers`; throws when no HTTP answer came back within `timeout`.
    static func get(_ url: String, headers: [String: String] = [:], method: String = "GET", timeout: Double = 10) throws -> Response {
        let curl = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") ? "/usr/bin/curl" : "curl"
        var arguments = ["-sS", "-i", "--max-time", "\(timeout)", "-X", method, "--noproxy", "*"]
        if method == "HEAD" { arguments = ["-sS", "-I", "--max-time", "\(timeout)", "--noproxy", "*"] }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        // curl adds no Accept-Encoding of its own: a request asks for gzip only when a test says so.
        let run = try ExternalTool.run(curl, arguments + [url])
        guard run.status == 0 else { throw Failed(description: "curl \(url): \(run.output)") }
        return try parse(run.data)
    }

    static func parse(_ raw: Data) throws -> Response {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = raw.range(of: separator) else { throw Failed(description: "no header end in \(String(decoding: raw.prefix(200), as: UTF8.self))") }
        let head = String(decoding: raw[raw.startIndex..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let parts = head[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failed(description: "bad status line \(head[0])") }
        var headers: [String: [String]] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased(), default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: headers, body: Data(raw[end.upperBound...]))
    }
}
