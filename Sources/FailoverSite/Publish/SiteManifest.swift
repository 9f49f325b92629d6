import Foundation

/// What the last render published: each file's size and hash, and the inputs of pages that are kept
/// as they are while their inputs do not change (past days' event archives). Lives in the site folder
/// as `.failover-manifest.json`; its presence also marks a folder as ours to replace.
public struct SiteManifest: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var size: Int
        public var hash: String
    }

    public static let fileName = ".failover-manifest.json"
    public static let currentVersion = 1

    public var version: Int = SiteManifest.currentVersion
    public var files: [String: Entry] = [:]
    /// Keyed by page path: a digest of what the page was built from.
    public var inputs: [String: String] = [:]

    public init(files: [String: Entry] = [:], inputs: [String: String] = [:]) {
        self.files = files
        self.inputs = inputs
    }

    public static func read(siteFolder: String) -> SiteManifest? {
        guard let data = FileManager.default.contents(atPath: siteFolder + "/" + fileName),
              let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data),
              manifest.version == currentVersion
        else { return nil }
        return manifest
    }

    /// 64-bit FNV-1a: enough to notice a changed file; not a security boundary.
    public static func hash(_ data: Data) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        data.withUnsafeBytes { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }
}
