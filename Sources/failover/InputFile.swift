import FailoverCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--file PATH`, or stdin: read as lines arrive, so no input is too large.
enum InputFile {
    static func open(_ file: String?) throws -> FileHandle {
        guard let file else { return FileHandle.standardInput }
        let descriptor = Foundation.open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandFailure.user("cannot read --file \(file): \(reason(errno))") }
        var info = stat()
        if fstat(descriptor, &info) == 0, FileKind(mode: UInt32(info.st_mode)) == .folder {
            close(descriptor)
            throw CommandFailure.user("cannot read --file \(file): it is a folder; name a file of outcome lines")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Which of the usual reasons it was, in words.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied (not readable by this user)"
        case ENOTDIR: "a part of the path is not a folder"
        default: String(cString: strerror(code))
        }
    }
}
