import FailoverCore
import CSiteSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

package struct PublishReport: Sendable {
    /// Files (not counting .gz) in the published site.
    package var files = 0
    /// Files whose bytes changed or are new.
    package var written = 0
    /// Pages kept from the last render without rendering them: their inputs had not changed.
    package var kept = 0
    package var bytes = 0
    /// How long each part of the render took, in order, for `FAILOVER_LOG_LEVEL=debug`.
    package var phases: [RenderPhase] = []
}

/// One timed part of a render.
package struct RenderPhase: Sendable, Equatable {
    package var name: String
    package var seconds: Double
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
/// a crash left half-updated) the writer builds a fresh folder instead. Files in the site that render
/// did not write (an operator's robots.txt) are carried into every generation. Crash-only: whatever a
/// killed render leaves beside the site is recognised and cleared by the next one (`SiteFolder`).
/// Safe to use from several rendering threads: what they add to is in one `LockedBox`.
package final class SiteWriter: Sendable {
    /// The real site folder (a symlinked site_dir resolved).
    package let target: String
    let folder: SiteFolder
    /// What the published site holds, when its files may be carried into the new generation: nil when
    /// there is no site yet, or its manifest is from another version.
    private let previous: SiteManifest?
    /// Files of the published site render did not write (empty when its manifest is unreadable and
    /// they cannot be told apart).
    let operatorFiles: Set<String>
    /// What the staging folder already holds: the generation before `previous`, or nothing.
    let stale: SiteManifest
    let staging: String
    private let lock: FolderLock
    private let progress = LockedBox(Progress())

    /// What rendering threads add to. One box, since a file's manifest entry and its count in the
    /// report must agree, and `finished` must be claimed by exactly one of commit, abort and deinit.
    private struct Progress: Sendable {
        var manifest = SiteManifest()
        /// Folders made in the staging folder so far.
        var folders: Set<String> = []
        var report = PublishReport()
        var finished = false
    }

    package init(target configured: String) throws(PublishError) {
        let folder = try SiteFolder(resolving: configured)
        self.folder = folder
        target = folder.path
        lock = try FolderLock(path: folder.lock)
        do {
            // Before this render makes its own staging folder, which the sweep would take for debris.
            try folder.sweep(holding: lock)
            let published = try Self.checkTarget(folder.path)
            previous = published.flatMap { $0.version == SiteManifest.currentVersion ? $0 : nil }
            operatorFiles = published.map { Self.operatorFiles(in: folder.path, manifest: $0) } ?? []
            (staging, stale) = try Self.prepareStaging(folder, reusable: previous != nil)
        } catch {
            lock.release()
            throw error
        }
        // Fully initialised: should this throw, deinit aborts and clears the staging folder.
        try carryOperatorFiles(held: previous?.operatorFiles ?? [])
    }

    deinit {
        abort()
    }

    /// The retired generation becomes the staging folder when its manifest says what it holds. Its
    /// manifest goes first: should this render die half-way, the folder is never trusted again.
    private static func prepareStaging(_ folder: SiteFolder, reusable: Bool) throws(PublishError) -> (String, SiteManifest) {
        let retired = folder.retired
        switch FileTree.kind(retired) {
        case .link:
            throw .symlink(retired)
        case .folder:
            if reusable, let held = SiteManifest.read(siteFolder: retired), held.version == SiteManifest.currentVersion,
               unlink(retired + "/" + SiteManifest.fileName) == 0 {
                return (retired, held)
            }
            SiteFolder.discard(retired)
        case .missing:
            break
        case .file, .other:
            SiteFolder.discard(retired)
        }
        let staging = folder.newStaging()
        try FileTree.makeFolder(staging)
        return (staging, SiteManifest())
    }

    /// Whether the published site has `path` built from exactly `inputs`; if so, carries it into the
    /// new generation and returns true, and the caller need not render it.
    package func keep(_ path: String, inputs: String) throws(PublishError) -> Bool {
        guard previous?.inputs[path] == inputs, let entry = previous?.files[path] else { return false }
        guard try carry(path, entry) else { return false }
        progress.withLockedValue {
            $0.manifest.files[path] = entry
            $0.manifest.inputs[path] = inputs
            $0.report.files += 1
            $0.report.kept += 1
            $0.report.bytes += entry.size
        }
        return true
    }

    /// Adds a file; `inputs`, when given, lets the next render keep it without rendering it.
    package func write(_ path: String, _ data: Data, inputs: String? = nil) throws(PublishError) {
        let content = SiteManifest.Entry(size: data.count, hash: SiteManifest.hash(data))
        var entry = content
        var written = false
        if let published = previous?.files[path], content.sameContent(as: published), try carry(path, published) {
            entry = published
        } else {
            try ensureFolder(of: path)
            entry.inode = try FileTree.replace(staging + "/" + path, with: data)
            if Gzip.isCompressible(path), let compressed = Gzip.compress(data) {
                entry.gzipInode = try FileTree.replace(staging + "/" + path + ".gz", with: compressed)
            }
            written = true
        }
        progress.withLockedValue {
            $0.manifest.files[path] = entry
            if let inputs { $0.manifest.inputs[path] = inputs }
            $0.report.files += 1
            $0.report.bytes += data.count
            if written { $0.report.written += 1 }
        }
    }

    /// Makes staging hold the published file (and its .gz) by hard link. Nothing to do when staging
    /// already shares its inode. False when the published file is gone.
    private func carry(_ path: String, _ published: SiteManifest.Entry) throws(PublishError) -> Bool {
        let held = stale.files[path]
        if let inode = published.inode, held?.inode == inode, held?.gzipInode == published.gzipInode { return true }
        try ensureFolder(of: path)
        guard try FileTree.relink(target + "/" + path, staging + "/" + path) else { return false }
        // A .gz from an older generation must never sit beside a newer page.
        if Gzip.isCompressible(path), try !FileTree.relink(target + "/" + path + ".gz", staging + "/" + path + ".gz") {
            unlink(staging + "/" + path + ".gz")
        }
        return true
    }

    /// Publishes everything written so far.
    package func commit() throws(PublishError) -> PublishReport {
        defer {
            progress.withLockedValue { $0.finished = true }
            lock.release()
        }
        do {
            // Every page is written by now; a copy of the list (shared storage, not copied bytes) keeps
            // the unlinks below outside the lock.
            let files = progress.withLockedValue { $0.manifest.files }
            // Files the new site no longer has (a removed agent, say) go from the staging folder.
            for path in stale.files.keys where files[path] == nil && !operatorFiles.contains(path) {
                unlink(staging + "/" + path)
                unlink(staging + "/" + path + ".gz")
            }
            let data = progress.withLockedValue {
                // An operator's file at a path render now writes became render's.
                $0.manifest.operatorFiles = operatorFiles.filter { files[$0] == nil }
                return $0.manifest.encoded
            }
            _ = try FileTree.replace(staging + "/" + SiteManifest.fileName, with: data)
            try swap()
        } catch {
            SiteFolder.discard(staging)
            throw error
        }
        // The staging path now holds the previous site: it stays, for readers still inside it, and is
        // the next render's staging folder.
        if staging != folder.retired, FileTree.kind(staging) == .folder, rename(staging, folder.retired) != 0 {
            SiteFolder.discard(staging)
        }
        return progress.withLockedValue { $0.report }
    }

    /// Drops the staging folder; the published site is untouched.
    package func abort() {
        let wasFinished = progress.withLockedValue { progress in
            defer { progress.finished = true }
            return progress.finished
        }
        guard !wasFinished else { return }
        SiteFolder.discard(staging)
        lock.release()
    }

    /// The current site's manifest (empty when it is ours but unreadable, from an older version), nil
    /// when there is no site yet. Refuses a folder we did not write.
    static func checkTarget(_ target: String) throws(PublishError) -> SiteManifest? {
        switch FileTree.kind(target) {
        case .missing:
            return nil
        case .folder:
            break
        case .link:
            throw PublishError(path: target, reason: "it became a symbolic link while render was starting; run render again", isUserError: true)
        case .file, .other:
            throw PublishError(path: target, reason: "it is a file, not a folder; point site_dir or --out at a folder", isUserError: true)
        }
        if ([SiteManifest.fileName] + SiteManifest.legacyFileNames).contains(where: { FileTree.kind(target + "/" + $0) == .file }) {
            // Ours; a manifest this version cannot read means a full rebuild.
            return SiteManifest.read(siteFolder: target) ?? SiteManifest(version: 0)
        }
        guard FileTree.names(in: target).isEmpty else {
            throw PublishError(
                path: target,
                reason: "the folder is not empty and was not written by failover render (no \(SiteManifest.fileName)); render replaces the whole folder, so point site_dir or --out at an empty or new folder",
                isUserError: true
            )
        }
        return nil
    }

    /// Swaps the finished staging folder into place.
    private func swap() throws(PublishError) {
        if FileTree.kind(target) == .missing {
            guard rename(staging, target) == 0 else { throw .system(target) }
            return
        }
        if failover_rename_exchange(staging, target) == 0 { return }
        guard errno == EINVAL || errno == ENOSYS else { throw .system(target) }
        // The filesystem cannot exchange: two renames, with a moment in which the folder is missing.
        // Should render die in it, the next one finds the site at `.<name>.swapping` and puts it back.
        let aside = folder.swapping
        guard rename(target, aside) == 0 else { throw .system(target) }
        guard rename(staging, target) == 0 else {
            let error = PublishError.system(target)
            _ = rename(aside, target)
            throw error
        }
        if rename(aside, staging) != 0 { SiteFolder.discard(aside) }
    }

    /// Creates the file's folder (and any missing parents, 0755) once. Under the lock, so a second
    /// thread never writes into a folder the first has claimed but not yet made.
    func ensureFolder(of path: String) throws(PublishError) {
        let relative = (path as NSString).deletingLastPathComponent
        guard !relative.isEmpty else { return }
        try progress.withLockedValue { (progress) throws(PublishError) in
            guard !progress.folders.contains(relative) else { return }
            var built = ""
            for component in relative.split(separator: "/") {
                built += built.isEmpty ? String(component) : "/" + component
                guard !progress.folders.contains(built) else { continue }
                try FileTree.makeFolder(staging + "/" + built)
                progress.folders.insert(built)
            }
        }
    }
}
