import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverSite
import FailoverStore
import Foundation

/// A fleet with a day of history in a scratch folder, rendered through the real templates.
final class RenderedFleet {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sentinel = "SENTINEL-SECRET-7f3a9c"
    static let injected = "<script>alert('pwned')</script>"
    static let t0 = Timestamp(rfc3339: "2026-11-24T10:00:00Z")!

    let folder: String
    var environment = ["ANTHROPIC_API_KEY": RenderedFleet.sentinel, "DEEPSEEK_API_KEY": "deepseek-fixture-key", "OPENROUTER_API_KEY": "openrouter-fixture-key"]

    static let yaml = """
        service:
          site_title: "Fleet <b>status</b> & more"
          base_url: https://status.example.com/
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: "<img src=x onerror=alert(1)>" }
            failover: { triggers: [auth, quota, rate_limit, server_error, token_budget] }
            usage_threshold_tokens: 1000
          reviewer:
            provider: anthropic
            model: claude-opus-4-1
            instances: [reviewer-1]
        control:
          ghost: { paused: true }
        """

    init(yaml: String = RenderedFleet.yaml) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    var configPath: String { folder + "/failover.yaml" }
    var siteFolder: String { folder + "/public" }

    func config() throws -> LoadedConfig { try ConfigLoader.load(path: configPath) }
    func store() throws -> SQLiteStore { try SQLiteStore(path: try config().databasePath) }

    /// Yesterday and today: a cycle, an auth failure carrying markup and the key, a budget overrun.
    func simulate() throws {
        let config = try config()
        let store = try store()
        _ = try CycleRunner(config: config, store: store, environment: environment).run(now: Self.t0 - .days(1))
        _ = try RecordRunner(config: config, store: store, environment: environment).run(input: """
            {"agent":"coder-1","at":"\(Self.t0 - .hours(20))","outcome":"error","status":401,"error_type":"authentication_error","message":"bad key \(Self.sentinel) \(Self.injected)"}
            {"agent":"coder-2","at":"\(Self.t0 - .minutes(5))","outcome":"success","input_tokens":900,"output_tokens":200}
            """, now: Self.t0)
    }

    @discardableResult
    func render(at now: Timestamp = RenderedFleet.t0, templates: String? = nil) throws -> PublishReport {
        let resources = SiteResources(root: Self.repositoryRoot, templates: templates)
        return try SiteRenderer(config: try config(), store: try store(), resources: resources, environment: environment).render(to: siteFolder, now: now)
    }

    /// Every file of the published site, by relative path.
    func files() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: siteFolder)!
        for case let path as String in enumerator {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: siteFolder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue { files[path] = FileManager.default.contents(atPath: siteFolder + "/" + path) }
        }
        return files
    }

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: siteFolder + "/" + path, encoding: .utf8)
    }

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: siteFolder + "/" + path))) as? [String: Any] ?? [:]
    }
}
