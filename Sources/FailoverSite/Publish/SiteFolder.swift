import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A site folder and the paths render keeps beside it, each named after it so that a later render
/// recognises whatever a killed one left behind:
///
///     .<name>.lock                  the lock every render holds while it works
///     .<name>.previous              the generation before the published one; the next staging folder
///     .<name>.staging-<pid>-<n>     a fresh staging folder, while there is no usable previous one
///     .<name>.swapping              the published site, for the moment of a swap on a filesystem
///                                   that cannot exchange two folders in one call
///
/// A `site_dir` that is a symlink is published through: the swap happens in the folder the link
/// points to, with these paths beside it, and the link stays as it is.
struct SiteFolder {
    /// The real site folder: a symlinked site_dir resolved.
    let path: String
    let parent: String
    let name: String

    var lock: String { "\(parent)/.\(name).lock" }
    var retired: String { "\(parent)/.\(name).previous" }
    var swapping: String { "\(parent)/.\(name).swapping" }
    var stagingPrefix: String { ".\(name).staging-" }

    func newStaging() -> String { "\(parent)/\(stagingPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    /// Clears what killed renders left: every staging folder, and a swap cut in half (the site folder
    /// missing, the published generation set aside: put back). Call before making this render's own
    /// staging folder.
    ///
    /// Taking the lock is what makes every staging folder debris: each render stages only while it
    /// holds it. A staging folder's pid says nothing here, since a render that ran as pid 1 of a
    /// container's pid namespace names a pid that is always alive. (Where the file system ignores
    /// flock, two renders would already clash over `.previous`; a pid check would not save them.)
    func sweep(holding lock: FolderLock) throws(PublishError) {
        precondition(lock.path == self.lock, "sweeping \(path) needs its own lock, not \(lock.path)")
        var asides: [String] = []
        for entry in FileTree.names(in: parent) where entry.hasPrefix(".\(name).") {
            let full = parent + "/" + entry
            if entry.hasSuffix(".swapping") {
                asides.append(full)
            } else if stagingOwner(entry) != nil {
                guard FileTree.kind(full) != .link else { throw .symlink(full) }
                Self.discard(full)
            }
        }
        for aside in asides {
            guard FileTree.kind(aside) != .link else { throw .symlink(aside) }
            if FileTree.kind(path) == .missing, SiteManifest.read(siteFolder: aside) != nil {
                guard rename(aside, path) == 0 else { throw .system(path) }
            } else {
                Self.discard(aside)
            }
        }
    }

    /// Removes a generation folder, manifest first: should render die half-way through, what is left
    /// has no manifest and is never taken for a complete generation.
    static func discard(_ generation: String) {
        unlink(generation + "/" + SiteManifest.fileName)
        FileTree.remove(generation)
    }

    /// The pid in `.<name>.staging-<pid>-<n>`; nil for any other name.
    func stagingOwner(_ entry: String) -> pid_t? {
        guard entry.hasPrefix(stagingPrefix) else { return nil }
        let parts = entry.dropFirst(stagingPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }), let pid = pid_t(parts[0]) else { return nil }
        return pid
    }

}

extension SiteFolder {
    /// Resolves `configured` (following it when it is a symlink, even to a folder that does not exist
    /// yet, as on a tmpfs after a reboot) and creates the folder that will hold it.
    init(resolving configured: String) throws(PublishError) {
        var path = URL(fileURLWithPath: configured).standardizedFileURL.path
        var hops = 0
        while FileTree.kind(path) == .link {
            hops += 1
            guard hops <= 32, let destination = FileTree.readLink(path) else {
                throw PublishError(path: configured, reason: "too many levels of symbolic links, or an unreadable one; point site_dir or --out at a folder", isUserError: true)
            }
            path = destination.hasPrefix("/") ? destination : (path as NSString).deletingLastPathComponent + "/" + destination
        }
        guard path != "/" else {
            throw PublishError(path: configured, reason: "render replaces the whole site folder and will not replace /; point site_dir or --out at a folder of its own such as /srv/fleet/public", isUserError: true)
        }
        var parent = (path as NSString).deletingLastPathComponent
        var name = (path as NSString).lastPathComponent
        try FileTree.makeFolders(parent)
        if hops > 0 {
            // A link's text may hold ".." or run through other links: settle the real folder once.
            if let real = FileTree.realPath(path) {
                path = real
            } else if let realParent = FileTree.realPath(parent) {
                path = realParent + "/" + name
            }
            guard path != "/", name != ".", name != ".." else {
                throw PublishError(path: configured, reason: "the symbolic link leads to \(path), which render cannot replace; point it at a folder of its own", isUserError: true)
            }
            parent = (path as NSString).deletingLastPathComponent
            name = (path as NSString).lastPathComponent
        }
        self.path = path
        self.parent = parent
        self.name = name
    }
}
