import Foundation
import Testing

/// deploy/nginx.conf under a real nginx (Debian's `nginx`): the operator's file as it is, inside a
/// minimal main config of the test's own, with only its `listen` and `root` lines pointed at a
/// loopback port and a scratch site. nginx runs in the foreground as the test's child, with its pid,
/// logs and temporary folders in the scratch folder.
final class NginxSite {
    static let deployFile = CLI.repositoryRoot.appendingPathComponent("deploy/nginx.conf")

    let server: LoopbackServer

    init(root: String, scratch: ScratchDirectory, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let nginx = try ExternalTool.path("nginx", package: "nginx")
        let mimeTypes = "/etc/nginx/mime.types"
        try #require(FileManager.default.fileExists(atPath: mimeTypes), "\(mimeTypes) is missing: install Debian's nginx (scripts/test does)", sourceLocation: sourceLocation)
        let deployed = try String(contentsOf: Self.deployFile, encoding: .utf8)
        let folder = scratch.path("nginx")
        for sub in ["", "/body", "/proxy", "/fastcgi", "/uwsgi", "/scgi"] {
            try FileManager.default.createDirectory(atPath: folder + sub, withIntermediateDirectories: true)
        }
        server = try LoopbackServer(nginx, log: URL(fileURLWithPath: folder + "/stderr.log"), readyPath: "/index.html") { port in
            // Run as root (as CI does), nginx's workers would switch to `nobody`, who cannot write its
            // temporary folders here: keep them root. Unprivileged, nginx keeps its own user anyway.
            let user = getuid() == 0 ? "user root;\n" : ""
            let main = """
                \(user)worker_processes 1;
                events { worker_connections 64; }
                http {
                    include \(mimeTypes);
                    default_type application/octet-stream;
                    access_log \(folder)/access.log;
                    client_body_temp_path \(folder)/body;
                    proxy_temp_path \(folder)/proxy;
                    fastcgi_temp_path \(folder)/fastcgi;
                    uwsgi_temp_path \(folder)/uwsgi;
                    scgi_temp_path \(folder)/scgi;
                    include \(folder)/failover.conf;
                }
                """
            try? main.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
            try? Self.pointed(deployed, port: port, root: root).write(toFile: folder + "/failover.conf", atomically: true, encoding: .utf8)
            return ["-p", folder, "-e", folder + "/error.log", "-c", folder + "/nginx.conf", "-g", "daemon off; pid \(folder)/nginx.pid;"]
        }
    }

    /// The deploy file with its one `listen` and one `root` line replaced; anything else about the
    /// file is tested as the operator gets it.
    static func pointed(_ text: String, port: Int, root: String) -> String {
        text.replacingOccurrences(of: "    listen 80;\n", with: "    listen 127.0.0.1:\(port);\n")
            .replacingOccurrences(of: "    root /srv/fleet/public;\n", with: "    root \(root);\n")
    }

    func get(_ path: String, _ headers: [String: String] = [:]) throws -> HTTPProbe.Response {
        try HTTPProbe.get(server.url(path), headers: headers)
    }
}
