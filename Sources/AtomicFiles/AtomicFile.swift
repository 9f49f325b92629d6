import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written; names the path.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Files other programs read (env files, the site, JSON) are written beside their target and renamed
/// into place, so a reader sees the old complete file or the new one, never a torn one.
public enum AtomicFile {
    /// Writes `data` to `path` atomically. The temporary file is created with `mode` already set,
    /// so secrets are never readable by others, even for an instant.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644, sync: Bool = false) throws(FileWriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: errnoText()) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                offset += written
            }
        }
        // Mode is also fixed explicitly: the umask may have narrowed or the file may pre-exist.
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = errnoText() }
        if failure == nil, sync, fsync(descriptor) != 0 { failure = errnoText() }
        if close(descriptor) != 0, failure == nil { failure = errnoText() }
        if failure == nil, rename(temporary, path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw FileWriteError(path: path, reason: failure)
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644, sync: Bool = false) throws(FileWriteError) {
        try write(Data(text.utf8), to: path, mode: mode, sync: sync)
    }

    /// Creates a folder and its parents, naming the path on failure.
    public static func makeFolder(_ path: String) throws(FileWriteError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: path, reason: "cannot create folder: \(error.localizedDescription)")
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
