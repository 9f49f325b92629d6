import AtomicFiles
import CSiteSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a site could not be published; names the folder.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// The operator pointed us at something we must not touch, rather than an I/O failure.
    public var isUserError: Bool

    public var description: String { "cannot publish to \(path): \(reason)" }
}

public struct PublishReport: Sendable {
    /// Files (not counting .gz) in the published site.
    public var files = 0
    /// Files whose bytes changed or are new.
    public var written = 0
    /// Pages kept from the last render without rendering them: their inputs had not changed.
    public var kept = 0
    public var bytes = 0
}

/// Writes a site beside its target and publishes it atomically.
///
/// Files go into a staging folder as they are rendered, so memory stays flat however large the
/// site. A file whose bytes match the published one, or a page whose recorded inputs match, is
/// hard-linked from the current site instead (same inode, same mtime). `commit` swaps the two
/// folders in one `renameat2(RENAME_EXCHANGE)`: nginx, resolving the path per request, serves the
/// old complete site or the new complete one, never a mix, and never finds the folder missing. The
/// previous site is kept beside the target (`.<name>.previous`) until the next render, for readers
/// still inside it. Safe to use from several rendering threads.
public final class SiteWriter: @unchecked Sendable {
    public let target: String
    /// What the current site holds; nil when there is none.
    public let previous: SiteManifest?
    private let staging: String
    private let retired: String
    private let lock: FolderLock
    private let state = NSLock()
    private var manifest = SiteManifest()
    private var folders: Set<String> = []
    private var report = PublishReport()
    private var finished = false

    public init(target: String) throws(PublishError) {
        let target = URL(fileURLWithPath: target).standardizedFileURL.path
        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        do {
            try AtomicFile.makeFolder(parent)
        } catch {
            throw PublishError(path: target, reason: error.reason, isUserError: true)
        }
        self.target = target
        lock = try FolderLock(path: parent + "/.\(name).lock")
        do {
            previous = try Self.checkTarget(target)
        } catch {
            lock.release()
            throw error
        }
        // The generation before last: readers have had a whole render interval to finish with it.
        retired = parent + "/.\(name).previous"
        try? FileManager.default.removeItem(atPath: retired)
        staging = parent + "/.\(name).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(staging, 0o755) == 0 else {
            lock.release()
            throw PublishError(path: staging, reason: Self.errnoText(), isUserError: false)
        }
    }

    deinit {
        if !finished { abort() }
    }

    /// Whether the current site has `path` built from exactly `inputs`; if so, links it into the
    /// new site and returns true, and the caller need not render it.
    public func keep(_ path: String, inputs: String) throws(PublishError) -> Bool {
        guard previous?.inputs[path] == inputs, let entry = previous?.files[path] else { return false }
        try ensureFolder(of: path)
        guard link(target + "/" + path, staging + "/" + path) else { return false }
        if Gzip.isCompressible(path) { _ = link(target + "/" + path + ".gz", staging + "/" + path + ".gz") }
        state.withLock {
            manifest.files[path] = entry
            manifest.inputs[path] = inputs
            report.files += 1
            report.kept += 1
            report.bytes += entry.size
        }
        return true
    }

    /// Adds a file; `inputs`, when given, lets the next render keep it without rendering it.
    public func write(_ path: String, _ data: Data, inputs: String? = nil) throws(PublishError) {
        try ensureFolder(of: path)
        let entry = SiteManifest.Entry(size: data.count, hash: SiteManifest.hash(data))
        var linked = false
        if previous?.files[path] == entry, link(target + "/" + path, staging + "/" + path) {
            if Gzip.isCompressible(path), !link(target + "/" + path + ".gz", staging + "/" + path + ".gz"), let compressed = Gzip.compress(data) {
                try create(staging + "/" + path + ".gz", compressed)
            }
            linked = true
        } else {
            try create(staging + "/" + path, data)
            if Gzip.isCompressible(path), let compressed = Gzip.compress(data) {
                try create(staging + "/" + path + ".gz", compressed)
            }
        }
        state.withLock {
            manifest.files[path] = entry
            if let inputs { manifest.inputs[path] = inputs }
            report.files += 1
            report.bytes += data.count
            if !linked { report.written += 1 }
        }
    }

    /// Publishes everything written so far.
    public func commit() throws(PublishError) -> PublishReport {
        defer {
            finished = true
            lock.release()
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try state.withLock { try encoder.encode(manifest) }
            try create(staging + "/" + SiteManifest.fileName, data)
            try Self.swap(staging, into: target)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw (error as? PublishError) ?? PublishError(path: target, reason: "\(error)", isUserError: false)
        }
        // The staging path now holds the previous site; it is retired, not deleted (see above).
        if FileManager.default.fileExists(atPath: staging), rename(staging, retired) != 0 {
            try? FileManager.default.removeItem(atPath: staging)
        }
        return state.withLock { report }
    }

    /// Drops the staging folder; the published site is untouched.
    public func abort() {
        guard !finished else { return }
        finished = true
        try? FileManager.default.removeItem(atPath: staging)
        lock.release()
    }

    /// The current site's manifest, nil when there is no site yet. Refuses a folder we did not write.
    static func checkTarget(_ target: String) throws(PublishError) -> SiteManifest? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else {
            throw PublishError(path: target, reason: "it is a file, not a folder; point site_dir or --out at a folder", isUserError: true)
        }
        if let manifest = SiteManifest.read(siteFolder: target) { return manifest }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        guard contents.isEmpty || contents == [SiteManifest.fileName] else {
            throw PublishError(
                path: target,
                reason: "the folder is not empty and was not written by failover render (no \(SiteManifest.fileName)); render replaces the whole folder, so point site_dir or --out at an empty or new folder",
                isUserError: true
            )
        }
        return nil
    }

    /// Swaps the finished staging folder into place.
    static func swap(_ staging: String, into target: String) throws(PublishError) {
        if !FileManager.default.fileExists(atPath: target) {
            guard rename(staging, target) == 0 else { throw PublishError(path: target, reason: errnoText(), isUserError: false) }
            return
        }
        if failover_rename_exchange(staging, target) == 0 { return }
        guard errno == EINVAL || errno == ENOSYS else { throw PublishError(path: target, reason: errnoText(), isUserError: false) }
        // The filesystem cannot exchange: two renames, with a moment in which the folder is missing.
        let aside = staging + ".previous"
        guard rename(target, aside) == 0 else { throw PublishError(path: target, reason: errnoText(), isUserError: false) }
        guard rename(staging, target) == 0 else {
            _ = rename(aside, target)
            throw PublishError(path: target, reason: errnoText(), isUserError: false)
        }
        _ = rename(aside, staging)
    }

    /// Creates the file's folder once. Under the lock, so a second thread never writes into a folder
    /// the first has claimed but not yet made.
    private func ensureFolder(of path: String) throws(PublishError) {
        let folder = (staging + "/" + path as NSString).deletingLastPathComponent
        let failure: String? = state.withLock {
            guard !folders.contains(folder) else { return nil }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                return "\(error)"
            }
            folders.insert(folder)
            return nil
        }
        if let failure { throw PublishError(path: folder, reason: failure, isUserError: false) }
    }

    private func create(_ path: String, _ data: Data) throws(PublishError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PublishError(path: path, reason: Self.errnoText(), isUserError: false) }
        defer { close(descriptor) }
        let failed = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                offset += written
            }
            return false
        }
        if failed { throw PublishError(path: path, reason: Self.errnoText(), isUserError: false) }
    }

    private func link(_ from: String, _ to: String) -> Bool {
        Glibc.link(from, to) == 0
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// One render at a time per site folder: two overlapping renders would each retire the other's
/// previous site while it is still being linked from.
final class FolderLock: @unchecked Sendable {
    private let descriptor: Int32
    private var held = true

    init(path: String) throws(PublishError) {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PublishError(path: path, reason: SiteWriter.errnoText(), isUserError: true) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw PublishError(path: path, reason: SiteWriter.errnoText(), isUserError: false)
        }
    }

    func release() {
        guard held else { return }
        held = false
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
