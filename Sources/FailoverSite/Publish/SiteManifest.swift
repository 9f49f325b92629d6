import FailoverCore
import Foundation

/// What the last render published: each file's size, hash and inodes, and what each keepable page was
/// built from. Lives in the site folder as `.failover-manifest`; its presence also marks a folder as
/// ours to replace.
package struct SiteManifest: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var size: Int
        package var hash: String
        /// The file's inode, and its .gz twin's: a generation shares unchanged files with the one before
        /// it by hard link, and equal inodes mean there is nothing to do.
        package var inode: UInt64?
        package var gzipInode: UInt64?

        package init(size: Int, hash: String, inode: UInt64? = nil, gzipInode: UInt64? = nil) {
            self.size = size
            self.hash = hash
            self.inode = inode
            self.gzipInode = gzipInode
        }

        /// Same bytes, whatever the inode.
        func sameContent(as other: Entry?) -> Bool { other.map { $0.size == size && $0.hash == hash } ?? false }
    }

    package static let fileName = ".failover-manifest"
    /// What versions before the text manifest called it: a folder holding it is ours too.
    static let legacyFileNames = [".failover-manifest.json"]
    /// 3: files are written 0644 and folders 0755 whatever the umask. A version 2 site may hold 0600
    /// files, so its files are never carried into a new generation (they are written afresh), but its
    /// manifest is still read to tell render's files from an operator's.
    package static let currentVersion = 3
    static let readableVersions = 2...3

    package var version: Int = SiteManifest.currentVersion
    package var files: [String: Entry] = [:]
    /// Keyed by page path: a digest of what the page was built from.
    package var inputs: [String: String] = [:]
    /// Files render did not write that this generation carries (an operator's robots.txt), and so the
    /// files the generation before it held beyond its own list: render clears them from that folder
    /// when it reuses it, without walking it.
    package var operatorFiles: Set<String> = []

    /// Version 0 stands for a manifest this version cannot read at all.
    package init(files: [String: Entry] = [:], inputs: [String: String] = [:], version: Int = SiteManifest.currentVersion) {
        self.files = files
        self.inputs = inputs
        self.version = version
    }

    package static func read(siteFolder: String) -> SiteManifest? {
        guard let data = FileManager.default.contents(atPath: siteFolder + "/" + fileName) else { return nil }
        return SiteManifest(text: data)
    }

    /// Line per file and per recorded input, tab-separated: read and written by every render, and
    /// Foundation's JSON coders cost tens of milliseconds on a few thousand entries.
    ///
    ///     failover-site-manifest 2
    ///     F <path> <size> <hash> <inode> <gzip inode>
    ///     I <path> <inputs>
    ///     O <path>
    package var encoded: Data {
        var text = "failover-site-manifest \(version)\n"
        for (path, entry) in files.sorted(by: { $0.key < $1.key }) {
            text += "F\t\(path)\t\(entry.size)\t\(entry.hash)\t\(entry.inode.map(String.init) ?? "-")\t\(entry.gzipInode.map(String.init) ?? "-")\n"
        }
        for (path, inputs) in self.inputs.sorted(by: { $0.key < $1.key }) {
            text += "I\t\(path)\t\(inputs)\n"
        }
        for path in operatorFiles.sorted() {
            text += "O\t\(path)\n"
        }
        return Data(text.utf8)
    }

    init?(text data: Data) {
        // Scans raw bytes: splitting `Data` (or a String by Character) costs more than the rest of a
        // render that finds nothing new.
        let parsed: (version: Int, files: [String: Entry], inputs: [String: String], operatorFiles: Set<String>)? = data.withUnsafeBytes { buffer in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var files: [String: Entry] = [:], inputs: [String: String] = [:], operatorFiles: Set<String> = []
            files.reserveCapacity(bytes.count / 80)
            var lineStart = 0, isHeader = true, version = 0
            var ranges: [Range<Int>] = []
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                ranges.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                for index in lineStart...lineEnd where index == lineEnd || bytes[index] == 0x09 {
                    ranges.append(fieldStart..<index)
                    fieldStart = index + 1
                }
                func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
                if isHeader {
                    let header = text(lineStart..<lineEnd)
                    guard let found = Self.readableVersions.first(where: { header == "failover-site-manifest \($0)" }) else { return nil }
                    version = found
                    isHeader = false
                    continue
                }
                if lineEnd == lineStart { continue }
                switch (bytes[lineStart], ranges.count) {
                case (UInt8(ascii: "F"), 6):
                    guard let size = Int(text(ranges[2])) else { return nil }
                    files[text(ranges[1])] = Entry(size: size, hash: text(ranges[3]), inode: UInt64(text(ranges[4])), gzipInode: UInt64(text(ranges[5])))
                case (UInt8(ascii: "I"), 3):
                    inputs[text(ranges[1])] = text(ranges[2])
                case (UInt8(ascii: "O"), 2):
                    operatorFiles.insert(text(ranges[1]))
                default:
                    return nil
                }
            }
            return isHeader ? nil : (version, files, inputs, operatorFiles)
        }
        guard let parsed else { return nil }
        version = parsed.version
        files = parsed.files
        inputs = parsed.inputs
        operatorFiles = parsed.operatorFiles
    }

    /// See `ContentDigest`: enough to notice a changed file.
    package static func hash(_ data: Data) -> String {
        data.withUnsafeBytes(ContentDigest.hex)
    }
}
