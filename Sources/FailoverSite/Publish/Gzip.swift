import CLibdeflate
import FailoverCore
import Foundation

/// gzip for nginx's `gzip_static`: compressed once at render time instead of on every request.
package enum Gzip {
    /// libdeflate level 1. Measured on the bench site's 2,000 agent files and 370 day archives
    /// (`/tmp/gzb`, specs/performance.md): 1.4-1.6x faster than the zlib level 2 used before, and
    /// smaller (agent pages 12.2% of their size against 12.8%, day archives 7.4% against 7.5%). Every
    /// changed file is compressed on the render's critical path; a few hundred bytes more per
    /// response than a high level would give is nothing to a status page.
    static let level: Int32 = 1

    /// nil when libdeflate cannot allocate its tables: the page is then published without a twin.
    package static func compress(_ data: Data) -> Data? {
        guard let compressor = Compressors.shared.take() else { return nil }
        defer { Compressors.shared.give(compressor) }
        return data.withUnsafeBytes { input -> Data? in
            let bound = libdeflate_gzip_compress_bound(compressor, input.count)
            var output = Data(count: bound)
            let length = output.withUnsafeMutableBytes { buffer in
                libdeflate_gzip_compress(compressor, input.baseAddress, input.count, buffer.baseAddress, bound)
            }
            guard length > 0 else { return nil }
            output.count = length
            return output
        }
    }

    /// Files worth compressing.
    package static func isCompressible(_ path: String) -> Bool {
        [".html", ".json", ".css", ".js", ".svg", ".txt", ".xml", ".atom", ".prom"].contains { path.hasSuffix($0) }
    }

    /// A compressor holds its tables (tens of kilobytes) and serves one thread at a time: the render's
    /// threads take one from here instead of allocating one per file. Kept as addresses, which are
    /// Sendable; each is used only by the thread that took it.
    private final class Compressors: Sendable {
        static let shared = Compressors()
        private let idle = LockedBox<[UInt]>([])

        func take() -> OpaquePointer? {
            if let reused = idle.withLockedValue({ $0.popLast() }) { return OpaquePointer(bitPattern: reused) }
            return libdeflate_alloc_compressor(Gzip.level)
        }

        func give(_ compressor: OpaquePointer) {
            idle.withLockedValue { $0.append(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(compressor)))) }
        }
    }
}
