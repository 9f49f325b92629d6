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

/// A whole site to publish: new bytes per path, and paths whose previous bytes stand as they are.
public struct SiteBuild: Sendable {
    public var files: [String: Data] = [:]
    /// Published last time and still right: linked into the new site untouched.
    public var kept: Set<String> = []
    public var inputs: [String: String] = [:]

    public init() {}
}

public struct PublishReport: Sendable {
    /// Files (not counting .gz) in the published site.
    public var files: Int
    /// Files whose bytes changed or are new.
    public var written: Int
    public var bytes: Int
}

/// Publishes a site atomically: the new tree is built beside the target, unchanged files are
/// hard-linked from the current one (same inode, same mtime), and the two folders are swapped in one
/// `renameat2(RENAME_EXCHANGE)`. nginx, resolving the path per request, serves the old complete site
/// or the new complete one, never a mix, and never finds the folder missing. The previous site is kept
/// beside the target (`.<name>.previous`) until the next render, for readers still inside it.
public enum SitePublisher {
    public static func publish(_ build: SiteBuild, to target: String) throws(PublishError) -> PublishReport {
        let target = URL(fileURLWithPath: target).standardizedFileURL.path
        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        do {
            try AtomicFile.makeFolder(parent)
        } catch {
            throw PublishError(path: target, reason: error.reason, isUserError: true)
        }
        let lock = try Lock(path: parent + "/.\(name).lock")
        defer { lock.release() }

        let previous = try checkTarget(target)
        // The generation before last: readers have had a whole render interval to finish with it.
        let retired = parent + "/.\(name).previous"
        try? FileManager.default.removeItem(atPath: retired)
        let staging = parent + "/.\(name).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var report = PublishReport(files: 0, written: 0, bytes: 0)
        do {
            var manifest = SiteManifest(inputs: build.inputs)
            var folders: Set<String> = []
            func ensureFolder(of path: String) throws {
                let folder = (staging + "/" + path as NSString).deletingLastPathComponent
                if folders.insert(folder).inserted {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            for (path, data) in build.files.sorted(by: { $0.key < $1.key }) {
                try ensureFolder(of: path)
                let entry = SiteManifest.Entry(size: data.count, hash: SiteManifest.hash(data))
                manifest.files[path] = entry
                report.files += 1
                report.bytes += data.count
                if previous?.files[path] == entry, link(target + "/" + path, staging + "/" + path) {
                    if Gzip.isCompressible(path), !link(target + "/" + path + ".gz", staging + "/" + path + ".gz") {
                        try write(Gzip.compress(data) ?? data, to: staging + "/" + path + ".gz")
                    }
                    continue
                }
                try write(data, to: staging + "/" + path)
                if Gzip.isCompressible(path), let compressed = Gzip.compress(data) {
                    try write(compressed, to: staging + "/" + path + ".gz")
                }
                report.written += 1
            }
            for path in build.kept.sorted() where build.files[path] == nil {
                guard let entry = previous?.files[path] else {
                    throw PublishError(path: target, reason: "\(path) was to be kept but the last render did not publish it", isUserError: false)
                }
                try ensureFolder(of: path)
                guard link(target + "/" + path, staging + "/" + path) else {
                    throw PublishError(path: target, reason: "\(path) was to be kept but is missing from the published site", isUserError: false)
                }
                if Gzip.isCompressible(path) { _ = link(target + "/" + path + ".gz", staging + "/" + path + ".gz") }
                manifest.files[path] = entry
                report.files += 1
                report.bytes += entry.size
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try write(try encoder.encode(manifest), to: staging + "/" + SiteManifest.fileName)
            try swap(staging, into: target)
        } catch let error as PublishError {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw PublishError(path: target, reason: "\(error)", isUserError: false)
        }
        // The staging path now holds the previous site. It is not deleted yet: a reader that resolved
        // the old folder an instant before the swap may still be opening files in it.
        if FileManager.default.fileExists(atPath: staging), rename(staging, retired) != 0 {
            try? FileManager.default.removeItem(atPath: staging)
        }
        return report
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
            // Leave an empty folder where staging was, so the caller's cleanup has nothing to do.
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

    private static func write(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o644]) else {
            throw PublishError(path: path, reason: "cannot create file", isUserError: false)
        }
    }

    private static func link(_ from: String, _ to: String) -> Bool {
        Glibc.link(from, to) == 0
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// One render at a time per site folder: two overlapping renders would each remove the other's
    /// previous site while it is still being linked from.
    final class Lock {
        private let descriptor: Int32

        init(path: String) throws(PublishError) {
            descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw PublishError(path: path, reason: SitePublisher.errnoText(), isUserError: true) }
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw PublishError(path: path, reason: SitePublisher.errnoText(), isUserError: false)
            }
        }

        func release() {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
