import CSiteSupport
import Foundation

/// gzip for nginx's `gzip_static`: compressed once at render time instead of on every request.
public enum Gzip {
    /// Above this size a page is a large archive, read rarely: compressed fast (zlib level 1, about
    /// twice the speed of level 6 for a third more bytes). Smaller pages get level 6 (level 9 costs
    /// 40% more time for 7% fewer bytes).
    static let largePage = 256 * 1024

    public static func compress(_ data: Data) -> Data? {
        let level: Int32 = data.count > largePage ? 1 : 6
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
    public static func isCompressible(_ path: String) -> Bool {
        [".html", ".json", ".css", ".js", ".svg", ".txt", ".xml"].contains { path.hasSuffix($0) }
    }
}
