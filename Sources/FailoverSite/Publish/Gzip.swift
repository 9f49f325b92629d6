import CSiteSupport
import Foundation

/// gzip for nginx's `gzip_static`: compressed once at render time instead of on every request.
package enum Gzip {
    /// zlib level 2: measured on rendered agent pages, exports and day archives, half the time of
    /// level 6 (agent pages shrink to 13.5% instead of 11.7%, day archives to 7% instead of 5%). Every
    /// changed file is compressed on the render's critical path; a few hundred bytes more per
    /// response is nothing to a status page.
    static let level: Int32 = 2

    package static func compress(_ data: Data) -> Data? {
        return data.withUnsafeBytes { buffer -> Data? in
            var output: UnsafeMutablePointer<UInt8>?
            var length = 0
            let base = buffer.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!
            guard failover_gzip(base, buffer.count, level, &output, &length) == 0, let output else { return nil }
            defer { free(output) }
            return Data(bytes: output, count: length)
        }
    }

    /// Files worth compressing.
    package static func isCompressible(_ path: String) -> Bool {
        [".html", ".json", ".css", ".js", ".svg", ".txt", ".xml"].contains { path.hasSuffix($0) }
    }
}
