import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a site could not be published; names the path.
package struct PublishError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var reason: String
    /// The operator pointed us at something we must not touch or cannot write, rather than a fault of ours.
    package var isUserError: Bool

    package init(path: String, reason: String, isUserError: Bool) {
        self.path = path
        self.reason = reason
        self.isUserError = isUserError
    }

    package var description: String { "cannot publish to \(path): \(reason)" }

    /// A failed system call on `path`, from its errno. Permissions, a read-only filesystem and a full
    /// disk are the operator's to fix (exit 1), so the message says how; anything else is ours.
    static func system(_ path: String, _ code: Int32 = errno) -> PublishError {
        let text = String(cString: strerror(code))
        let folder = (path as NSString).deletingLastPathComponent
        switch code {
        case EACCES, EPERM:
            return PublishError(path: path, reason: "\(text); render (running as uid \(getuid())) needs write access to \(folder): change its owner or mode, or point site_dir or --out at a folder it may write", isUserError: true)
        case EROFS:
            return PublishError(path: path, reason: "\(text); \(folder) is on a read-only filesystem: point site_dir or --out at a writable one", isUserError: true)
        case ENOSPC, EDQUOT:
            return PublishError(path: path, reason: "\(text); free space on the filesystem holding \(folder); the published site was left as it was", isUserError: true)
        default:
            return PublishError(path: path, reason: text, isUserError: false)
        }
    }

    /// A symlink where render keeps its own files: following it would write or delete wherever it points.
    static func symlink(_ path: String) -> PublishError {
        PublishError(
            path: path,
            reason: "it is a symbolic link; render keeps its lock and site generations beside the site folder and never follows a link there, since it would write or delete wherever the link points; remove the link (render recreates what it needs)",
            isUserError: true
        )
    }
}
