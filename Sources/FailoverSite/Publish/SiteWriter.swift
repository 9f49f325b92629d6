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
    /// How long each part of the render took, in order, for `FAILOVER_LOG_LEVEL=debug`.
    public var phases: [(name: String, seconds: Double)] = []
}

/// Writes a site beside its target and publishes it atomically.
///
/// Two generations live side by side: the published site (`<name>`) and the one before it
/// (`.<name>.previous`), kept for readers that were still inside it when it was replaced. A render
/// brings the previous generation up to date in place and then swaps the two folders in one
/// `renameat2(RENAME_EXCHANGE)`: nginx, resolving the path per request, serves the old complete site
/// or the new complete one, never a mix, and never finds the folder missing.
///
/// Unchanged files are shared between generations by hard link (same inode, same mtime) and cost
/// nothing to carry over; a changed file is written beside its old version and renamed over it,
/// never edited in place, since its old inode may be the published one. So a render costs what
/// changed, not the size of the site. Without a usable previous generation (the first render, or one
/// a crash left half-updated) the writer builds a fresh folder instead. Safe to use from several
/// rendering threads.
public final class SiteWriter: @unchecked Sendable {
    public let target: String
    /// What the published site holds; nil when there is none.
    public let previous: SiteManifest?
    /// What the staging folder already holds: the generation before `previous`, or nothing.
    private let stale: SiteManifest
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
        retired = parent + "/.\(name).previous"
        // The retired generation becomes the staging folder when its manifest says what it holds.
        // Its manifest goes first: should this render die half-way, the folder is never trusted again.
        if previous != nil, let held = SiteManifest.read(siteFolder: retired), unlink(retired + "/" + SiteManifest.fileName) == 0 {
            staging = retired
            stale = held
        } else {
            try? FileManager.default.removeItem(atPath: retired)
            staging = parent + "/.\(name).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            stale = SiteManifest()
            guard mkdir(staging, 0o755) == 0 else {
                lock.release()
                throw PublishError(path: staging, reason: Self.errnoText(), isUserError: false)
            }
        }
    }

    deinit {
        if !finished { abort() }
    }

    /// Whether the published site has `path` built from exactly `inputs`; if so, carries it into the
    /// new generation and returns true, and the caller need not render it.
    public func keep(_ path: String, inputs: String) throws(PublishError) -> Bool {
        guard previous?.inputs[path] == inputs, let entry = previous?.files[path] else { return false }
        guard try carry(path, entry) else { return false }
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
        let content = SiteManifest.Entry(size: data.count, hash: SiteManifest.hash(data))
        var entry = content
        var written = false
        if let published = previous?.files[path], content.sameContent(as: published), try carry(path, published) {
            entry = published
        } else {
            try ensureFolder(of: path)
            entry.inode = try replace(staging + "/" + path, with: data)
            if Gzip.isCompressible(path), let compressed = Gzip.compress(data) {
                entry.gzipInode = try replace(staging + "/" + path + ".gz", with: compressed)
            }
            written = true
        }
        state.withLock {
            manifest.files[path] = entry
            if let inputs { manifest.inputs[path] = inputs }
            report.files += 1
            report.bytes += data.count
            if written { report.written += 1 }
        }
    }

    /// Makes staging hold the published file (and its .gz) by hard link. Nothing to do when staging
    /// already shares its inode. False when the published file is gone.
    private func carry(_ path: String, _ published: SiteManifest.Entry) throws(PublishError) -> Bool {
        let held = stale.files[path]
        if let inode = published.inode, held?.inode == inode, held?.gzipInode == published.gzipInode { return true }
        try ensureFolder(of: path)
        guard try relink(target + "/" + path, staging + "/" + path) else { return false }
        // A .gz from an older generation must never sit beside a newer page.
        if Gzip.isCompressible(path), try !relink(target + "/" + path + ".gz", staging + "/" + path + ".gz") {
            unlink(staging + "/" + path + ".gz")
        }
        return true
    }

    /// Publishes everything written so far.
    public func commit() throws(PublishError) -> PublishReport {
        defer {
            finished = true
            lock.release()
        }
        do {
            // Files the new site no longer has (a removed agent, say) go from the staging folder.
            for path in stale.files.keys where manifest.files[path] == nil {
                unlink(staging + "/" + path)
                unlink(staging + "/" + path + ".gz")
            }
            let data = state.withLock { manifest.encoded }
            _ = try replace(staging + "/" + SiteManifest.fileName, with: data)
            try Self.swap(staging, into: target)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        // The staging path now holds the previous site: it stays, for readers still inside it, and is
        // the next render's staging folder.
        if staging != retired, FileManager.default.fileExists(atPath: staging), rename(staging, retired) != 0 {
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
        if ([SiteManifest.fileName] + SiteManifest.legacyFileNames).contains(where: { FileManager.default.fileExists(atPath: target + "/" + $0) }) {
            // Ours; a manifest this version cannot read (an older one) means a full rebuild.
            return SiteManifest.read(siteFolder: target) ?? SiteManifest()
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        guard contents.isEmpty else {
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
        let aside = staging + ".swapping"
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

    /// Writes a new file beside `path` and renames it over: the old inode may be shared with the
    /// published site and must never change. Returns the new inode.
    private func replace(_ path: String, with data: Data) throws(PublishError) -> UInt64 {
        let temporary = path + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PublishError(path: path, reason: Self.errnoText(), isUserError: false) }
        var failed = data.withUnsafeBytes { buffer -> Bool in
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
        var info = stat()
        if !failed, fstat(descriptor, &info) != 0 { failed = true }
        close(descriptor)
        guard !failed, rename(temporary, path) == 0 else {
            let reason = Self.errnoText()
            unlink(temporary)
            throw PublishError(path: path, reason: reason, isUserError: false)
        }
        return UInt64(info.st_ino)
    }

    /// Hard-links `from` to `to`, replacing whatever `to` was. False when `from` does not exist.
    private func relink(_ from: String, _ to: String) throws(PublishError) -> Bool {
        let temporary = to + ".link"
        unlink(temporary)
        guard link(from, temporary) == 0 else {
            if errno == ENOENT { return false }
            throw PublishError(path: to, reason: Self.errnoText(), isUserError: false)
        }
        guard rename(temporary, to) == 0 else {
            let reason = Self.errnoText()
            unlink(temporary)
            throw PublishError(path: to, reason: reason, isUserError: false)
        }
        return true
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// One render at a time per site folder: two overlapping renders would each update the same
/// staging folder.
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
