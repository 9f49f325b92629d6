import Foundation

/// templates/, site/, specs/ and examples/ as they were when this binary was built, generated into
/// the module by EmbedResourcesPlugin: a binary copied or installed anywhere renders with no folders
/// beside it.
public enum BuiltInResources {
    /// Every embedded file by its path in the checkout (`templates/layout.mustache`); decoded once, on
    /// first use.
    public static let files: [String: Data] = {
        var files: [String: Data] = [:]
        for (path, base64) in encoded {
            // The generator wrote this base64 itself; failing to decode it is a build defect.
            guard let data = Data(base64Encoded: base64) else { preconditionFailure("embedded \(path) is not base64") }
            files[path] = data
        }
        return files
    }()

    /// The files of one folder (`templates`), keyed by their path inside it.
    public static func files(in folder: String) -> [String: Data] {
        let prefix = folder + "/"
        var found: [String: Data] = [:]
        for (path, data) in files where path.hasPrefix(prefix) {
            found[String(path.dropFirst(prefix.count))] = data
        }
        return found
    }
}
