import FailoverCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One render at a time per site folder: two overlapping renders would each update the same
/// staging folder. Holding it is also what lets a render treat any staging folder it finds as debris
/// of a render that died, whatever pid its name carries.
final class FolderLock: Sendable {
    let path: String
    private let descriptor: Int32
    /// Cleared by the first `release`: the writer's commit, abort and deinit may each call it.
    private let held = LockedBox(true)

    /// Opens (or creates) the lock file without following a symlink and waits for the lock.
    init(path: String) throws(PublishError) {
        self.path = path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw errno == ELOOP ? .symlink(path) : .system(path)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw PublishError(path: path, reason: "it is not a regular file; render keeps its lock here: remove whatever is in its place", isUserError: true)
        }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let error = PublishError.system(path)
            close(descriptor)
            throw error
        }
    }

    func release() {
        // Claimed under the lock, released outside it: a second caller finds nothing to do.
        let wasHeld = held.withLockedValue { held in
            defer { held = false }
            return held
        }
        guard wasHeld else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
