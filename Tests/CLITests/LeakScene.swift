import Foundation
import TestSupport
import Testing

/// A scratch fleet driven through the real binary that remembers everything a reader could see:
/// every verb's stdout and stderr, the store's files and the rendered site. A leak test feeds it
/// hostile input and then asks whether any piece of a key got out.
final class LeakScene {
    static let clock = ["--now", "2026-11-24T12:00:00Z"]
    /// Instances enough for one failure each: a step down writes the message into the ledger only
    /// while the instance still has a tier to step to.
    static let instances = (1...64).map { "coder-\($0)" }
    static let config = """
        providers:
          groq: { base_url: "https://api.groq.com/openai", api_key_env: GROQ_API_KEY }
        agent_types:
          coder:
            instances: [\(instances.joined(separator: ", "))]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
        """
    /// Unset unless a test sets them, so the machine's own keys play no part.
    static let keyVariables = ["ANTHROPIC_API_KEY", "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "GROQ_API_KEY"]

    let scratch: ScratchDirectory
    let environment: [String: String]
    private(set) var seen: [(place: String, text: String)] = []

    init(config: String = LeakScene.config, environment: [String: String]) throws {
        scratch = try ScratchDirectory()
        self.environment = environment
        try scratch.write("failover.yaml", config)
    }

    /// Runs a verb against the scene's config; `clock` adds `--now` for the verbs that take it.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil, clock: Bool = true) throws -> CLI.Result {
        let full = arguments + ["--config", scratch.path("failover.yaml")] + (clock ? Self.clock : [])
        return try runBare(full, input: input)
    }

    /// Runs the binary with exactly `arguments`, in the scene's environment.
    @discardableResult
    func runBare(_ arguments: [String], input: String? = nil) throws -> CLI.Result {
        let result = try CLI.run(arguments, input: input.map { Data($0.utf8) }, environment: environment, unsetting: Self.keyVariables)
        let name = arguments.first ?? "failover"
        seen.append(("\(name) stdout", result.stdout))
        seen.append(("\(name) stderr", result.stderr))
        return result
    }

    /// `record` of `lines`, then the ledger as `events` shows it and the site `render` writes; every
    /// file of the store and the site joins what was seen. Env files are left out: keys belong there.
    func recordAndPublish(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let record = try run(["record", "--json"], input: lines.joined(separator: "\n") + "\n")
        #expect(record.status == 0, "record: \(record.stderr)", sourceLocation: sourceLocation)
        try run(["events", "--json", "--limit", "1000"])
        try run(["events", "--limit", "1000"])
        let render = try run(["render"])
        #expect(render.status == 0, "render: \(render.stderr)", sourceLocation: sourceLocation)
        try collectFiles()
    }

    /// Adds every file under the store's and the site's folders.
    func collectFiles() throws {
        for folder in ["var", "public"] {
            let root = scratch.path(folder)
            guard let walk = FileManager.default.enumerator(atPath: root) else { continue }
            for case let file as String in walk where !file.hasPrefix("env/") && !file.hasSuffix(".gz") {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + file))
                seen.append(("\(folder)/\(file)", Self.unescaped(String(decoding: data, as: UTF8.self))))
            }
        }
    }

    /// Page and export text as a reader gets it: HTML references and JSON's escaped slash undone.
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "\\/", with: "/")
    }

    /// No 8-byte piece of `key` anywhere the scene has looked.
    func expectNoPiece(of key: String, _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        for (place, text) in seen where Hostile.leaksPiece(key, in: text) {
            Issue.record("\(context) \(place) holds a piece of \(key)", sourceLocation: sourceLocation)
        }
    }

    /// How many ledger details hold a redaction: proof that the hostile text reached the ledger.
    func redactedEvents() throws -> Int {
        let events = try run(["events", "--json", "--limit", "1000"])
        return events.stdout.components(separatedBy: "[redacted]").count - 1
    }

    /// One outcome line, encoded by Foundation so that the text arrives exactly as written here.
    static func failure(_ agent: String, status: Int = 401, errorType: String? = nil, message: String? = nil) -> String {
        var object: [String: Any] = ["agent": agent, "at": "2026-11-24T11:00:00Z", "outcome": "error", "status": status]
        if let errorType { object["error_type"] = errorType }
        if let message { object["message"] = message }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
