import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files an operator put into the published site (robots.txt, .well-known/security.txt) are carried
/// into every new generation by hard link, so they stay published, render after render, until the
/// operator removes them. A file at a path render writes is render's and is replaced.
extension SiteWriter {
    /// Files of the published site its manifest does not account for. Empty when the manifest could not
    /// be read (a site from a much older version): then nothing tells render's files from others.
    static func operatorFiles(in target: String, manifest: SiteManifest) -> Set<String> {
        guard manifest.version != 0 else { return [] }
        return Set(FileTree.walk(target).filter { !isRenders($0, manifest) })
    }

    /// Whether render wrote `path`: a listed file, its .gz twin, the manifest, or a temporary of one of them.
    static func isRenders(_ path: String, _ manifest: SiteManifest) -> Bool {
        var base = path
        for suffix in [".new", ".link"] where base.hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
            break
        }
        if base == SiteManifest.fileName || SiteManifest.legacyFileNames.contains(base) { return true }
        if manifest.files[base] != nil { return true }
        return base.hasSuffix(".gz") && manifest.files[String(base.dropLast(3))] != nil
    }

    /// Hard-links the operator's files into the staging folder, after clearing from it (when it is
    /// the reused previous generation) the operator's files it held: one from two renders ago must not
    /// come back once the operator has removed it. What that folder held is what the last render found
    /// in it and listed in the published manifest, so it is not walked again: a walk of a large site
    /// costs as much as the rest of a render that finds nothing new.
    func carryOperatorFiles(held: Set<String>) throws(PublishError) {
        if staging == folder.retired {
            for path in held.union(stale.operatorFiles) where !operatorFiles.contains(path) {
                unlink(staging + "/" + path)
            }
        }
        for path in operatorFiles.sorted() {
            try ensureFolder(of: path)
            let from = target + "/" + path, to = staging + "/" + path
            unlink(to)
            if link(from, to) == 0 { continue }
            switch errno {
            case ENOENT:
                continue  // removed since the walk
            case EPERM, EXDEV, EMLINK:
                // fs.protected_hardlinks refuses links to another user's file: a copy serves as well.
                try FileTree.copy(from, to)
            default:
                throw .system(to)
            }
        }
    }
}
