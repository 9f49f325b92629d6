import FailoverCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written; names the path.
package struct FileWriteError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var reason: String

    package var description: String { "cannot write \(path): \(reason)" }
}

/// Files other programs read (env files, the site, JSON) are written beside their target and renamed
/// into place, so a reader sees the old complete file or the new one, never a torn one.
package enum AtomicFile {
    /// Writes `data` to `path` atomically. The temporary file is created with `mode` already set,
    /// so secrets are never readable by others, even for an instant.
    package static func write(_ data: Data, to path: String, mode: mode_t = 0o644, sync: Bool = false) throws(FileWriteError) {
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
    package static func write(_ text: String, to path: String, mode: mode_t = 0o644, sync: Bool = false) throws(FileWriteError) {
        try write(Data(text.utf8), to: path, mode: mode, sync: sync)
    }

    /// Creates a folder and its parents with `mode` whatever the umask, naming the path on failure.
    /// An existing folder keeps its mode.
    package static func makeFolder(_ path: String, mode: mode_t = 0o755) throws(FileWriteError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        } catch {
            // Foundation says only "NSCocoaErrorDomain error 512" when a part of the path is a file.
            let reason = fileInTheWay(of: path).map { "\($0) is a file, not a folder" } ?? error.localizedDescription
            throw FileWriteError(path: path, reason: "cannot create folder: \(reason)")
        }
    }

    /// The nearest existing ancestor of `folder` (or the folder itself) when it is not a folder.
    package static func fileInTheWay(of folder: String) -> String? {
        var current = folder
        while current != "/", !current.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: current, isDirectory: &isFolder) { return isFolder.boolValue ? nil : current }
            current = (current as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// Removes every temporary file `write` left in `folder` (`.<name>.tmp-<pid>-<random>`), whatever
    /// pid it names. Returns how many.
    ///
    /// Precondition: the caller holds the lock that every writer into `folder` holds around each
    /// `write` (for env_dir, the store's write lock), and no other thread of this process is writing
    /// there. Then each temporary found belongs to a writer that was killed, and its pid proves
    /// nothing either way: a process that ran as pid 1 of a container's pid namespace, as every run
    /// of a containerised failover does, names a pid that is always alive here.
    @discardableResult
    package static func removeTemporariesUnderWritersLock(in folder: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where isTemporaryName(name) {
            if unlink(folder + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Whether `name` is one `write` gives its temporary file: `.<name>.tmp-<pid>-<random>`.
    static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards), marker.lowerBound > name.index(after: name.startIndex) else { return false }
        let fields = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 2, let pid = pid_t(fields[0]), pid > 0, UInt32(fields[1]) != nil else { return false }
        return true
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

/// An env_dir or site file the operator pointed somewhere unwritable, or a full disk.
extension FileWriteError: OperatorError {
    package var disposition: ErrorDisposition { .user }
    package var operatorMessage: String { "\(description); check the folder's permissions and space, or point the config elsewhere; nothing was changed" }
}
