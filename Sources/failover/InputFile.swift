import Foundation

/// `--file PATH`, or stdin: read as lines arrive, so no input is too large.
enum InputFile {
    static func open(_ file: String?) throws -> FileHandle {
        guard let file else { return FileHandle.standardInput }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), !isFolder.boolValue,
              let handle = FileHandle(forReadingAtPath: file)
        else {
            throw CommandFailure.user("cannot read --file \(file): no such file, a folder, or not readable")
        }
        return handle
    }
}
