import CSiteSupport
import Foundation

/// gzip for nginx's `gzip_static`: compressed once at render time instead of on every request.
public enum Gzip {
    public static func compress(_ data: Data) -> Data? {
        data.withUnsafeBytes { buffer -> Data? in
            var output: UnsafeMutablePointer<UInt8>?
            var length = 0
            let base = buffer.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!
            guard failover_gzip(base, buffer.count, &output, &length) == 0, let output else { return nil }
            defer { free(output) }
            return Data(bytes: output, count: length)
        }
    }

    /// Files worth compressing.
    public static func isCompressible(_ path: String) -> Bool {
        [".html", ".json", ".css", ".js", ".svg", ".txt", ".xml"].contains { path.hasSuffix($0) }
    }
}
