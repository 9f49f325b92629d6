import AtomicFiles
import FailoverCore

/// `failover metrics --textfile PATH`: the exposition written for node_exporter's textfile collector,
/// which reads every `*.prom` in its folder at each scrape. Written beside and renamed into place, so a
/// scrape never reads half a file; the temporary name starts with a dot and does not end in `.prom`,
/// so the collector never reads it either.
package enum MetricsTextfile {
    /// Why `path` cannot be a textfile, or nil.
    package static func problem(with path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if !name.hasSuffix(".prom") || name == ".prom" {
            return "--textfile: node_exporter's textfile collector reads only files named *.prom; name one such as failover.prom"
        }
        if name.hasPrefix(".") { return "--textfile: \(name) starts with a dot; name a file such as failover.prom" }
        return nil
    }

    package static func write(_ text: String, to path: String) throws(FileWriteError) {
        try AtomicFile.write(text, to: path, mode: 0o644)
    }
}
