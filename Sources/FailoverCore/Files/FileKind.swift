/// What kind of file a path is, from the type bits of its mode (`stat`'s `st_mode`), for messages
/// that refuse anything but a regular file: a config, a database. The bits are POSIX's, the same on
/// Linux and macOS; reading the mode is the caller's.
package enum FileKind: Sendable, Equatable, CustomStringConvertible {
    case regular
    case folder
    case namedPipe
    case characterDevice
    case blockDevice
    case socket
    case symbolicLink
    case other

    package init(mode: UInt32) {
        switch mode & 0o170000 {
        case 0o100000: self = .regular
        case 0o040000: self = .folder
        case 0o010000: self = .namedPipe
        case 0o020000: self = .characterDevice
        case 0o060000: self = .blockDevice
        case 0o140000: self = .socket
        case 0o120000: self = .symbolicLink
        default: self = .other
        }
    }

    /// `a named pipe (FIFO)`: reads after "it is".
    package var description: String {
        switch self {
        case .regular: "a regular file"
        case .folder: "a folder"
        case .namedPipe: "a named pipe (FIFO)"
        case .characterDevice: "a character device (a terminal, or something like /dev/null)"
        case .blockDevice: "a block device"
        case .socket: "a socket"
        case .symbolicLink: "a symbolic link"
        case .other: "not a regular file"
        }
    }
}
