import AtomicFiles
import ConfigLoader
import FailoverCore
import FailoverEngine
import FailoverSite
import FailoverStore
import StoreFactory
import Foundation

/// `failover demo`: the example fleet through a simulated day of traffic with faults, then a render.
///
/// The day ends at `now`, so the site is live rather than stale, with both kinds of pause on show:
/// coder-1 ran out of chain in the small hours and waits for a reset; coder-2 was paused by the
/// operator in the afternoon. Every step goes through the real
/// `cycle`, `record` and `render` code paths and a real database; the operator's actions are real
/// edits of the config file.
package struct DemoScenario {
    package struct Result: Sendable {
        package var folder: String
        package var config: String
        package var index: String
        package var cycles: Int
        package var outcomes: Int
        package var events: Int
    }

    package var folder: String
    package var resources: SiteResources
    package var now: Timestamp

    /// Keys for the simulation only: env files need something to hold.
    static let environment = [
        "ANTHROPIC_API_KEY": "demo-anthropic-key-not-real",
        "DEEPSEEK_API_KEY": "demo-deepseek-key-not-real",
        "OPENROUTER_API_KEY": "demo-openrouter-key-not-real",
    ]

    static let marker = ".failover-demo"
    static let cycleLength = TimeSpan.minutes(10)

    package init(folder: String, resources: SiteResources, now: Timestamp) {
        self.folder = URL(fileURLWithPath: folder).standardizedFileURL.path
        self.resources = resources
        self.now = now
    }

    package func run() throws -> Result {
        try prepareFolder()
        let baseConfig = String(decoding: try resources.examples.contents(of: "failover.yaml"), as: UTF8.self)
        let configPath = folder + "/failover.yaml"
        try AtomicFile.write(baseConfig, to: configPath)

        let cycles = 24 * 6
        let start = Timestamp(seconds: (now - .hours(24)).seconds / 600 * 600)
        var rng = SeededGenerator(seed: 20261124)
        var outcomes = 0
        for index in 0...cycles {
            let at = index == cycles ? now - .minutes(1) : start + TimeSpan(seconds: index * Self.cycleLength.seconds)
            let hour = Double(at.seconds - start.seconds) / 3600
            // Operator actions, as commits to the config file would make them.
            if index == 15 * 6 { try setControl(baseConfig, configPath, "  coder-2: { paused: true }   # paused by the on-call operator") }
            if index == 18 * 6 {
                try setControl(baseConfig, configPath, """
                      coder-2: { paused: true }   # paused by the on-call operator
                      reviewer-1: { reset: "\(at)" }   # reset after rotating the OpenRouter key
                    """)
            }
            let config = try ConfigLoader.load(path: configPath)
            let store = try StoreFactory.open(config)
            let cycle = CycleRunner(config: config, store: store, environment: Self.environment)
            let plan = try cycle.run(now: at)
            try cycle.delivered(plan)
            let lines = traffic(plan: plan, at: at, hour: hour, last: index == cycles, rng: &rng)
            outcomes += lines.count
            // The cycle's tasks finish within it: the clock has moved on by then.
            let record = RecordRunner(config: config, store: store, environment: Self.environment)
            try record.delivered(try record.run(input: lines.joined(separator: "\n"), now: at + Self.cycleLength))
        }
        let config = try ConfigLoader.load(path: configPath)
        let store = try StoreFactory.open(config)
        _ = try SiteRenderer(config: config, store: store, resources: resources, environment: Self.environment).render(to: config.siteDirectory, now: now)
        let events = try store.read { try $0.eventCount() }
        return Result(folder: folder, config: configPath, index: config.siteDirectory + "/index.html", cycles: cycles + 1, outcomes: outcomes, events: events)
    }

    /// One task per dispatchable agent per cycle, plus the day's incidents.
    private func traffic(plan: CyclePlan, at: Timestamp, hour: Double, last: Bool, rng: inout SeededGenerator) -> [String] {
        var lines: [String] = []
        let tier = Dictionary(uniqueKeysWithValues: plan.agents.map { ($0.agent, $0.tier) })
        func line(_ agent: AgentID, _ offset: Int, _ body: String, tokens: (Int, Int)? = nil) {
            let (input, output) = tokens ?? (rng.next(in: 800...3200), rng.next(in: 100...900))
            lines.append(#"{"agent":"\#(agent)","at":"\#(at + TimeSpan(seconds: offset))",\#(body),"input_tokens":\#(input),"output_tokens":\#(output),"tier":\#(tier[agent] ?? 1)}"#)
        }
        func incident(_ from: Double, _ to: Double) -> Bool { hour >= from && hour < to }

        for agent in plan.agents where agent.dispatchable {
            var body = #""outcome":"success""#
            switch agent.agent {
            case "coder-1" where incident(2, 2.17):
                // Anthropic rejects the key: a burst of 401s, then DeepSeek runs out of balance, then Ollama is down.
                body = #""outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key""#
            case "coder-1" where incident(2.17, 2.34) && agent.tier == 2:
                body = #""outcome":"error","status":402,"message":"Insufficient Balance""#
            case "coder-1" where incident(2.34, 3) && agent.tier == 3:
                body = #""outcome":"error","message":"dial tcp 172.17.0.1:11434: connect: connection refused""#
            case "reviewer-1", "reviewer-2":
                if incident(6, 6.5) || (last && agent.agent == "reviewer-2") {
                    body = #""outcome":"error","status":429,"error_type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit""#
                }
            case "coder-2" where incident(10, 10.5):
                body = #""outcome":"error","status":529,"error_type":"overloaded_error","message":"Overloaded""#
            case "planner-1" where incident(12, 12.5):
                body = #""outcome":"error","status":500,"error_type":"api_error","message":"Internal server error""#
            default:
                break
            }
            // The budget overrun: one enormous refactor on coder-3 in the last cycle.
            if last, agent.agent == "coder-3" {
                line(agent.agent, 30, body, tokens: (1_400_000, 200_000))
                continue
            }
            line(agent.agent, rng.next(in: 0...50), body)
        }
        // The 401 burst hits several queued tasks at once: the late ones name tier 1 and move nothing.
        if incident(2, 2.17), tier["coder-1"] == 1 {
            line("coder-1", 2, #""outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key""#)
            line("coder-1", 3, #""outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key""#)
        }
        // A dispatcher reports tasks as they finish.
        return lines.sorted { timeOf($0) < timeOf($1) }
    }

    private func timeOf(_ line: String) -> String {
        guard let range = line.firstRange(of: #""at":""#) else { return "" }
        return String(line[range.upperBound...].prefix(20))
    }

    private func setControl(_ base: String, _ path: String, _ entries: String) throws {
        let edited = base.replacingOccurrences(of: "control: {}", with: "control:\n" + entries)
        try AtomicFile.write(edited, to: path)
    }

    /// A fresh folder, or one a previous demo made: never someone else's.
    private func prepareFolder() throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            let contents = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            guard isFolder.boolValue, contents.isEmpty || contents.contains(Self.marker) else {
                throw DemoError(message: "\(folder) exists and was not made by failover demo; pass --out with a new or empty folder")
            }
            for item in contents { try manager.removeItem(atPath: folder + "/" + item) }
        }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write("This folder was made by `failover demo` and is replaced by the next run.\n", to: folder + "/" + Self.marker)
    }
}

/// The demo's folder is someone else's: choose another.
package struct DemoError: OperatorError, CustomStringConvertible {
    package var message: String
    package var description: String { message }
    package var disposition: ErrorDisposition { .user }
}

extension SeededGenerator {
    /// Modulo reduction rather than `Int.random(in:using:)`, so the demo's story stays as it was written.
    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
