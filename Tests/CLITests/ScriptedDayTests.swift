import Foundation
import Testing

/// The brief's scripted day, end to end through the `failover` binary, a real SQLite file and real env files.
@Suite struct ScriptedDayTests {
    static let config = """
        agent_types:
          coder:
            instances: [coder-1, coder-2]
            provider_chain:
              - { provider: anthropic, model: claude-sonnet-4-5 }
              - { provider: deepseek, model: deepseek-chat }
              - { provider: ollama, model: "qwen3-coder:30b" }
            failover:
              cooldown: 15m
              triggers: [auth, quota, rate_limit, server_error, token_budget]
            usage_threshold_tokens: 100000
          reviewer:
            instances: [reviewer-1]
            provider_chain:
              - { provider: anthropic, model: claude-opus-4-1 }
              - { provider: deepseek, model: deepseek-reasoner }
            failover: { on_exhausted: wrap }
        """

    let environment = ["ANTHROPIC_API_KEY": "sk-ant-e2e-000000000000000", "DEEPSEEK_API_KEY": "ds-e2e-0000000000"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try json(String($0)) }
    }

    func run(_ scratch: ScratchDirectory, _ arguments: [String], stdin: String? = nil, at: String?) throws -> CLI.Result {
        let clock = at.map { ["--now", $0] } ?? []
        return try CLI.run(arguments + ["--config", scratch.path("failover.yaml")] + clock, stdin: stdin, environment: environment)
    }

    func tier(_ scratch: ScratchDirectory, _ agent: String, at: String) throws -> Int? {
        let status = try run(scratch, ["status", "--json"], at: at)
        let agents = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        return agents.first { $0["name"] as? String == agent }?["tier"] as? Int
    }

    @Test func theDay() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)

        // Morning cycle: everyone on tier 1, env files written.
        var result = try run(scratch, ["cycle", "--json"], at: "2026-11-24T08:00:00Z")
        #expect(result.status == 0, "\(result.stderr)")
        var plan = try json(result.stdout)
        let agents = try #require(plan["agents"] as? [[String: Any]])
        #expect(agents.map { $0["agent"] as? String } == ["coder-1", "coder-2", "reviewer-1"])
        #expect(agents.allSatisfy { $0["tier"] as? Int == 1 && $0["dispatchable"] as? Bool == true && $0["recreate"] as? Bool == true })
        #expect(agents[0]["env_file"] as? String == scratch.path("var/env/coder-1.env"))
        #expect(!result.stdout.contains("sk-ant-e2e"), "the plan never prints a key")

        // 09:00 a 401 steps coder-1 to tier 2 and rewrites its env file.
        result = try run(scratch, ["record", "--json"], stdin: """
            {"agent":"coder-1","at":"2026-11-24T09:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}
            """, at: "2026-11-24T09:00:00Z")
        #expect(result.status == 0, "\(result.stderr)")
        var line = try #require(try records(result.stdout).first)
        #expect(line["kind"] as? String == "auth" && line["moved"] as? Bool == true && line["from_tier"] as? Int == 1 && line["to_tier"] as? Int == 2)
        #expect(line["recreate"] as? Bool == true)
        #expect(line["usage"] as? String == "0/100000")
        #expect(try String(contentsOfFile: scratch.path("var/env/coder-1.env"), encoding: .utf8).contains("ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic"))
        #expect(result.stderr.contains("coder-1 step_down"), "the switch is logged")

        // 09:10 success inside the cooldown stays; 09:15 success after it returns to tier 1.
        result = try run(scratch, ["record", "--json"], stdin: #"{"agent":"coder-1","at":"2026-11-24T09:10:00Z","outcome":"success","input_tokens":10,"output_tokens":5,"tier":2}"#, at: "2026-11-24T09:10:00Z")
        #expect(try records(result.stdout).first?["moved"] as? Bool == false)
        result = try run(scratch, ["record", "--json"], stdin: #"{"agent":"coder-1","at":"2026-11-24T09:15:00Z","outcome":"success","tier":2}"#, at: "2026-11-24T09:15:00Z")
        line = try #require(try records(result.stdout).first)
        #expect(line["to_tier"] as? Int == 1 && line["recreate"] as? Bool == true)

        // 10:00 two 5xx stay, the third steps.
        let fiveHundred = #"{"agent":"coder-2","at":"2026-11-24T10:00:0%d Z","outcome":"error","status":529,"error_type":"overloaded_error","message":"Overloaded"}"#
        let storm = (1...2).map { String(format: fiveHundred, $0).replacingOccurrences(of: " Z", with: "Z") }.joined(separator: "\n")
        result = try run(scratch, ["record"], stdin: storm, at: "2026-11-24T10:00:05Z")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try tier(scratch, "coder-2", at: "2026-11-24T10:00:05Z") == 1)
        result = try run(scratch, ["record"], stdin: String(format: fiveHundred, 3).replacingOccurrences(of: " Z", with: "Z"), at: "2026-11-24T10:00:05Z")
        #expect(try tier(scratch, "coder-2", at: "2026-11-24T10:00:05Z") == 2)

        // 10:01 a late rate limit from tier 1 moves nothing.
        result = try run(scratch, ["record", "--json"], stdin: #"{"agent":"coder-2","at":"2026-11-24T10:01:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","tier":1}"#, at: "2026-11-24T10:01:00Z")
        line = try #require(try records(result.stdout).first)
        #expect(line["moved"] as? Bool == false && line["ignored"] as? String == "late")

        // 11:00 exhaustion pauses coder-2; the reviewer wraps instead.
        result = try run(scratch, ["record"], stdin: """
            {"agent":"coder-2","at":"2026-11-24T11:00:00Z","outcome":"error","status":402,"error_type":"billing_error"}
            {"agent":"coder-2","at":"2026-11-24T11:00:01Z","outcome":"error","status":401,"error_type":"authentication_error"}
            {"agent":"reviewer-1","at":"2026-11-24T11:00:00Z","outcome":"error","status":429,"error_type":"rate_limit_error"}
            {"agent":"reviewer-1","at":"2026-11-24T11:00:01Z","outcome":"error","status":429}
            """, at: "2026-11-24T11:00:05Z")
        #expect(result.status == 0)
        result = try run(scratch, ["cycle", "--json"], at: "2026-11-24T11:01:00Z")
        plan = try json(result.stdout)
        var byAgent = Dictionary(uniqueKeysWithValues: try #require(plan["agents"] as? [[String: Any]]).map { ($0["agent"] as! String, $0) })
        #expect(byAgent["coder-2"]?["paused"] as? Bool == true && byAgent["coder-2"]?["dispatchable"] as? Bool == false)
        #expect(byAgent["reviewer-1"]?["tier"] as? Int == 1 && byAgent["reviewer-1"]?["paused"] as? Bool == false)

        // 12:00 a budget overrun steps coder-1 down, logging usage=X/Y.
        result = try run(scratch, ["record", "--json"], stdin: #"{"agent":"coder-1","at":"2026-11-24T12:00:00Z","outcome":"success","input_tokens":90000,"output_tokens":20000,"tier":1}"#, at: "2026-11-24T12:00:00Z")
        line = try #require(try records(result.stdout).first)
        #expect(line["to_tier"] as? Int == 2 && line["usage"] as? String == "110015/100000")
        #expect(result.stderr.contains("usage=110015/100000"))

        // 13:00 the operator pauses coder-1 by editing the config; 13:30 unpauses; 14:00 resets coder-2 once.
        try scratch.write("failover.yaml", Self.config + "\ncontrol:\n  coder-1: { paused: true }\n")
        plan = try json(try run(scratch, ["cycle", "--json"], at: "2026-11-24T13:00:00Z").stdout)
        byAgent = Dictionary(uniqueKeysWithValues: try #require(plan["agents"] as? [[String: Any]]).map { ($0["agent"] as! String, $0) })
        #expect(byAgent["coder-1"]?["dispatchable"] as? Bool == false)
        try scratch.write("failover.yaml", Self.config + "\ncontrol:\n  coder-1: { paused: false }\n  coder-2: { reset: \"2026-11-24T14:00Z\" }\n")
        plan = try json(try run(scratch, ["cycle", "--json"], at: "2026-11-24T14:00:00Z").stdout)
        byAgent = Dictionary(uniqueKeysWithValues: try #require(plan["agents"] as? [[String: Any]]).map { ($0["agent"] as! String, $0) })
        #expect(byAgent["coder-1"]?["dispatchable"] as? Bool == true)
        #expect(byAgent["coder-2"]?["tier"] as? Int == 1 && byAgent["coder-2"]?["paused"] as? Bool == false && byAgent["coder-2"]?["recreate"] as? Bool == true)
        let events = try #require(plan["events"] as? [[String: Any]])
        #expect(events.map { $0["kind"] as? String } == ["unpaused", "reset"])
        #expect(events.allSatisfy { $0["source"] as? String == "config" })
        plan = try json(try run(scratch, ["cycle", "--json"], at: "2026-11-24T14:05:00Z").stdout)
        #expect((plan["events"] as? [Any])?.isEmpty == true, "a reset applies once")

        // 15:00 a broken config edit: exit 1, and nothing changes.
        let before = try run(scratch, ["events", "--json", "--limit", "1000"], at: "2026-11-24T15:00:00Z").stdout
        try scratch.write("failover.yaml", Self.config.replacingOccurrences(of: "model: deepseek-chat", with: "model: \"\"") + "\ncontrol:\n  coder-1: { paused: true }\n")
        result = try run(scratch, ["cycle", "--json"], at: "2026-11-24T15:00:00Z")
        #expect(result.status == 1)
        #expect(result.stderr.contains("provider_chain[1].model: must not be empty"))
        #expect(result.stderr.contains("nothing was changed"))
        result = try run(scratch, ["record"], stdin: #"{"agent":"coder-1","outcome":"error","status":401}"#, at: "2026-11-24T15:00:00Z")
        #expect(result.status == 1)
        try scratch.write("failover.yaml", Self.config)
        #expect(try run(scratch, ["events", "--json", "--limit", "1000"], at: "2026-11-24T15:00:00Z").stdout == before)

        // The ledger reproduces the state table.
        result = try run(scratch, ["verify"], at: nil)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func rejectedLinesExitOneAndNameTheirLine() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        let result = try run(scratch, ["record", "--json"], stdin: """
            {"agent":"coder-1","outcome":"success"}
            {"agent":"ghost","outcome":"success"}
            """, at: "2026-11-24T08:00:00Z")
        #expect(result.status == 1)
        #expect(result.stderr.contains("stdin: line 2: unknown agent \"ghost\""))
        #expect(try records(result.stdout).count == 1)
    }

    @Test func statusAndEventsReadAtATerminal() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        _ = try run(scratch, ["cycle"], at: "2026-11-24T08:00:00Z")
        _ = try run(scratch, ["record"], stdin: #"{"agent":"coder-1","at":"2026-11-24T08:01:00Z","outcome":"error","status":401}"#, at: "2026-11-24T08:01:00Z")
        let status = try run(scratch, ["status"], at: "2026-11-24T08:05:00Z")
        #expect(status.stdout.contains("coder-1     coder     ② of 3  deepseek/deepseek-chat"))
        #expect(status.stdout.contains("11m0s"))
        #expect(status.stdout.contains("auth at 2026-11-24T08:01:00Z"))
        let events = try run(scratch, ["events", "--agent", "coder-1", "--since", "1h"], at: "2026-11-24T08:30:00Z")
        #expect(events.stdout.contains("step_down"))
        #expect(!events.stdout.contains("coder-2"))
        let none = try run(scratch, ["events", "--since", "2026-11-25T00:00:00Z"], at: "2026-11-24T08:30:00Z")
        #expect(none.stdout == "no events\n")
        let bad = try run(scratch, ["events", "--since", "last tuesday"], at: "2026-11-24T08:30:00Z")
        #expect(bad.status == 1)
    }

    @Test func verifyFindsATamperedStateTable() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.config)
        _ = try run(scratch, ["cycle"], at: "2026-11-24T08:00:00Z")
        // Someone edits the state table by hand.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [scratch.path("var/failover.sqlite"), "UPDATE agent_provider_state SET tier = 3 WHERE agent = 'coder-1'"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let result = try run(scratch, ["verify"], at: nil)
        #expect(result.status == 1)
        #expect(result.stderr.contains("coder-1: tier: 3 vs 1"))
    }
}
