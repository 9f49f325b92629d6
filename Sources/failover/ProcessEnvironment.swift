import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment read from its bytes. Foundation's `ProcessInfo.environment` repairs a
/// value that is not UTF-8 with U+FFFD, and a repaired key written into an env file is a wrong key
/// the container fails with: here such a value is left out and its variable named instead.
struct ProcessEnvironment {
    /// Every variable whose name and value are UTF-8; the first of a name given twice, as `getenv` reads.
    var values: [String: String] = [:]
    /// Variables whose value is not UTF-8.
    var notUTF8: Set<String> = []

    static let current = ProcessEnvironment(entries: entries())

    init(entries: [UnsafeBufferPointer<UInt8>]) {
        for entry in entries {
            guard let equals = entry.firstIndex(of: UInt8(ascii: "=")),
                  let name = String(validating: entry[..<equals], as: UTF8.self),
                  values[name] == nil, !notUTF8.contains(name)
            else { continue }
            if let value = String(validating: entry[(equals + 1)...], as: UTF8.self) {
                values[name] = value
            } else {
                notUTF8.insert(name)
            }
        }
    }

    /// `NAME=value` entries of `environ`, as bytes; valid while no one changes the environment.
    private static func entries() -> [UnsafeBufferPointer<UInt8>] {
        #if canImport(Darwin)
        guard var cursor = _NSGetEnviron()?.pointee else { return [] }
        #else
        guard var cursor = environ as UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? else { return [] }
        #endif
        var found: [UnsafeBufferPointer<UInt8>] = []
        while let entry = cursor.pointee {
            found.append(UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry)))
            cursor += 1
        }
        return found
    }
}
