import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file operations publishing needs, on paths, never following a symlink render did not ask
/// to follow, and with modes that do not depend on the umask: nginx and other readers must be able
/// to read a published site whatever the batch job's umask was.
enum FileTree {
    static let fileMode: mode_t = 0o644
    static let folderMode: mode_t = 0o755

    enum Kind {
        case missing, file, folder, link, other
    }

    /// What is at `path` itself (lstat: a symlink is a link, not what it points to).
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Creates one folder with mode 0755; false when it already existed.
    @discardableResult
    static func makeFolder(_ path: String) throws(PublishError) -> Bool {
        guard mkdir(path, folderMode) == 0 else {
            if errno == EEXIST, kind(path) == .folder { return false }
            throw .system(path)
        }
        // mkdir's mode passes through the umask; a 0700 folder would hide the site from nginx.
        guard chmod(path, folderMode) == 0 else { throw .system(path) }
        return true
    }

    /// Creates a folder and any missing parents, each 0755; existing ones keep their mode.
    static func makeFolders(_ path: String) throws(PublishError) {
        guard !path.isEmpty, path != "/", kind(path) != .folder else { return }
        if kind(path) == .link, let resolved = realPath(path), kind(resolved) == .folder { return }
        try makeFolders((path as NSString).deletingLastPathComponent)
        try makeFolder(path)
    }

    /// Removes a file, link or folder tree. A symlink is removed, never followed.
    static func remove(_ path: String) {
        if kind(path) == .folder {
            for name in names(in: path) { remove(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// The entries of a folder, without "." and "..".
    static func names(in folder: String) -> [String] {
        guard let stream = opendir(folder) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Every entry below `root` that is not a folder (files, symlinks, others), by relative path;
    /// symlinks are listed, not followed. Reads entry types from readdir: a walk of a large site must
    /// cost a few milliseconds, not a stat per file.
    static func walk(_ root: String) -> [String] {
        var found: [String] = []
        func visit(_ relative: String) {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let stream = opendir(folder) else { return }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                guard name != ".", name != ".." else { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) { isFolder = kind(root + "/" + path) == .folder }
                if isFolder { visit(path) } else { found.append(path) }
            }
        }
        visit("")
        return found
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes `data` as a new file at `path` in the staging folder (mode 0644 whatever the umask),
    /// in place of what was there. Returns the new inode.
    ///
    /// Unlinked first, never written through: the old inode may be shared with the published
    /// generation. And created, not renamed over the old file: nobody reads the staging folder until
    /// it is swapped in whole, so the rename's atomicity buys nothing there, while ext4 starts writing
    /// a file back at once when it is renamed over another (`auto_da_alloc`), which made a render
    /// that rewrites two thousand files several times slower on disk.
    static func replace(_ path: String, with data: Data, mode: mode_t = fileMode) throws(PublishError) -> UInt64 {
        if unlink(path) != 0, errno != ENOENT { throw .system(path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw .system(path) }
        var code: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    code = errno
                    return
                }
                offset += written
            }
        }
        var info = stat()
        if code == 0, fstat(descriptor, &info) != 0 { code = errno }
        // Only when the umask narrowed it: a chmod per file would cost more than the rest of an unchanged render.
        if code == 0, info.st_mode & 0o7777 != mode, fchmod(descriptor, mode) != 0 { code = errno }
        if close(descriptor) != 0, code == 0 { code = errno }
        guard code == 0 else {
            unlink(path)
            throw .system(path, code)
        }
        return UInt64(info.st_ino)
    }

    /// Hard-links `from` to `to`, replacing whatever `to` was; a symlink is linked as the link itself.
    /// False when `from` does not exist.
    static func relink(_ from: String, _ to: String) throws(PublishError) -> Bool {
        let temporary = to + ".link"
        unlink(temporary)
        guard link(from, temporary) == 0 else {
            if errno == ENOENT { return false }
            throw .system(to)
        }
        guard rename(temporary, to) == 0 else {
            let error = PublishError.system(to)
            unlink(temporary)
            throw error
        }
        return true
    }
}

extension FileTree {
    /// Copies a file with its mode, or a symlink as a symlink, where a hard link is not allowed.
    static func copy(_ from: String, _ to: String) throws(PublishError) {
        if kind(from) == .link {
            guard let destination = readLink(from), symlink(destination, to) == 0 else { throw .system(to) }
            return
        }
        var info = stat()
        guard lstat(from, &info) == 0, let data = FileManager.default.contents(atPath: from) else { throw .system(from) }
        _ = try replace(to, with: data, mode: info.st_mode & 0o7777)
    }
}
