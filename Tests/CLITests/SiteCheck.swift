import Foundation
import Testing

/// Checks a published site from the outside, as a reader (or nginx) finds it.
enum SiteCheck {
    static let compressible = [".html", ".json", ".css", ".js", ".svg", ".txt", ".xml", ".atom", ".prom"]

    /// Every file the site's manifest lists is there with its size, and with its .gz twin.
    static func expectComplete(_ site: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let manifest = try #require(FileManager.default.contents(atPath: site + "/.failover-manifest"), "\(site) has a manifest", sourceLocation: sourceLocation)
        let lines = String(decoding: manifest, as: UTF8.self).split(separator: "\n")
        #expect(lines.first?.hasPrefix("failover-site-manifest ") == true, sourceLocation: sourceLocation)
        var files = 0
        for line in lines where line.hasPrefix("F\t") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let path = String(fields[1])
            files += 1
            let attributes = try? FileManager.default.attributesOfItem(atPath: site + "/" + path)
            #expect((attributes?[.size] as? NSNumber)?.intValue == Int(fields[2]), "\(path) is present and whole", sourceLocation: sourceLocation)
            if compressible.contains(where: path.hasSuffix) {
                #expect(FileManager.default.fileExists(atPath: site + "/" + path + ".gz"), "\(path).gz is present", sourceLocation: sourceLocation)
            }
        }
        #expect(files > 10, "\(site) lists its files", sourceLocation: sourceLocation)
        for page in ["index.html", "status.json", "feed.json", "heartbeat.json", "metrics.prom", "budget.html", "config.html", "events/index.html", "docs/index.html"] {
            #expect(FileManager.default.fileExists(atPath: site + "/" + page), "\(page) is published", sourceLocation: sourceLocation)
        }
    }

    /// Nothing beside the site but its lock and its previous generation, and no temporary file in either.
    static func expectNoDebris(besides site: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parent = (site as NSString).deletingLastPathComponent, name = (site as NSString).lastPathComponent
        let siblings = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".\(name).") }
        #expect(Set(siblings).isSubset(of: [".\(name).lock", ".\(name).previous"]), "debris beside the site: \(siblings.sorted())", sourceLocation: sourceLocation)
        for folder in [site, parent + "/.\(name).previous"] {
            guard let walk = FileManager.default.enumerator(atPath: folder) else { continue }
            let temporary = walk.compactMap { $0 as? String }.filter { $0.hasSuffix(".new") || $0.hasSuffix(".link") || $0.contains(".tmp-") }
            #expect(temporary.isEmpty, "temporary files left in \(folder): \(temporary)", sourceLocation: sourceLocation)
        }
    }
}
