import FailoverResources
import Foundation

/// One of failover's resource folders (templates/, site/, specs/, examples/): a folder on disk, or
/// the copy built into the binary. Public, like `SiteResources`, because `FailoverDemo`'s public
/// `DemoScenario` holds them; everything else in the site is `package`.
public struct ResourceFolder: Sendable, CustomStringConvertible {
    enum Source: Sendable {
        case disk(String)
        case builtIn(String)
    }

    let source: Source

    /// A folder on disk.
    public static func disk(_ path: String) -> ResourceFolder { ResourceFolder(source: .disk(path)) }

    /// The folder of this name (`templates`) as it was when the binary was built.
    public static func builtIn(_ name: String) -> ResourceFolder { ResourceFolder(source: .builtIn(name)) }

    /// Where the files come from, for messages.
    public var description: String {
        switch source {
        case .disk(let path): path
        case .builtIn(let name): "the built-in \(name)/"
        }
    }

    /// How a file of this folder is named in messages.
    public func name(of relative: String) -> String {
        switch source {
        case .disk(let path): path + "/" + relative
        case .builtIn(let name): "the built-in \(name)/\(relative)"
        }
    }

    /// The folder's path when it is on disk.
    public var path: String? {
        if case .disk(let path) = source { return path }
        return nil
    }

    /// Every file by its path inside the folder; dotfiles and dot-folders are skipped, in both sources.
    public func files() throws -> [String: Data] {
        switch source {
        case .builtIn(let name):
            return BuiltInResources.files(in: name)
        case .disk(let folder):
            var files: [String: Data] = [:]
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
            for case let path as String in enumerator {
                guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                var isFolder: ObjCBool = false
                let full = folder + "/" + path
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue,
                      let data = FileManager.default.contents(atPath: full)
                else { continue }
                files[path] = data
            }
            return files
        }
    }

    /// One file by its path inside the folder.
    public func contents(of relative: String) throws -> Data {
        let found: Data? = switch source {
        case .builtIn(let name): BuiltInResources.files["\(name)/\(relative)"]
        case .disk(let folder): FileManager.default.contents(atPath: folder + "/" + relative)
        }
        guard let found else { throw SiteResources.NotFound(reason: "\(name(of: relative)) not found") }
        return found
    }
}
