import Foundation
import GRDB
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

    let environment = CLIFleets.keys

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

    /// The day, step by step. Each step is its own test case: it replays the steps before it, then
    /// checks only what it changed, so a failure names the step that broke.
    enum Step: String, CaseIterable, Sendable {
        case morningCycle, authFailureStepsDown, successInsideCooldownStays, successAfterCooldownRecovers
        case twoServerErrorsStay, thirdServerErrorSteps, lateResultMovesNothing, exhaustionPausesAndReviewerWraps
        case budgetOverrunSteps, operatorPauses, operatorUnpausesAndResets, resetAppliesOnce, brokenConfigChangesNothing
    }

    /// One run of the day in a scratch folder.
    final class Day {
        let scratch: ScratchDirectory
        let test: ScriptedDayTests
        var eventsBeforeBrokenEdit = ""

        init(_ test: ScriptedDayTests) throws {
            self.test = test
            scratch = try ScratchDirectory()
            try scratch.write("failover.yaml", ScriptedDayTests.config)
        }

        func run(_ arguments: [String], stdin: String? = nil, at: String?) throws -> CLI.Result {
            try test.run(scratch, arguments, stdin: stdin, at: at)
        }

        func plan(_ result: CLI.Result) throws -> (plan: [String: Any], agents: [String: [String: Any]]) {
            let plan = try test.json(result.stdout)
            let agents = try #require(plan["agents"] as? [[String: Any]])
            return (plan, Dictionary(uniqueKeysWithValues: try agents.map { (try #require($0["agent"] as? String), $0) }))
        }

        func line(_ result: CLI.Result) throws -> [String: Any] {
            try #require(try test.records(result.stdout).first, "no result line: \(result.stderr)")
        }

        static let fiveHundred = #"{"agent":"coder-2","at":"2026-11-24T10:00:0%dZ","outcome":"error","status":529,"error_type":"overloaded_error","message":"Overloaded"}"#

        /// What the step does.
        func act(_ step: Step) throws -> CLI.Result {
            switch step {
            case .morningCycle:
                return try run(["cycle", "--json"], at: "2026-11-24T08:00:00Z")
            case .authFailureStepsDown:
                return try run(["record", "--json"], stdin: """
                    {"agent":"coder-1","at":"2026-11-24T09:00:00Z","outcome":"error","status":401,"error_type":"authentication_error","message":"invalid x-api-key","input_tokens":0,"output_tokens":0,"tier":1}
                    """, at: "2026-11-24T09:00:00Z")
            case .successInsideCooldownStays:
                return try run(["record", "--json"], stdin: #"{"agent":"coder-1","at":"2026-11-24T09:10:00Z","outcome":"success","input_tokens":10,"output_tokens":5,"tier":2}"#, at: "2026-11-24T09:10:00Z")
            case .successAfterCooldownRecovers:
                return try run(["record", "--json"], stdin: #"{"agent":"coder-1","at":"2026-11-24T09:15:00Z","outcome":"success","tier":2}"#, at: "2026-11-24T09:15:00Z")
            case .twoServerErrorsStay:
                return try run(["record"], stdin: (1...2).map { String(format: Self.fiveHundred, $0) }.joined(separator: "\n"), at: "2026-11-24T10:00:05Z")
            case .thirdServerErrorSteps:
                return try run(["record"], stdin: String(format: Self.fiveHundred, 3), at: "2026-11-24T10:00:05Z")
            case .lateResultMovesNothing:
                return try run(["record", "--json"], stdin: #"{"agent":"coder-2","at":"2026-11-24T10:01:00Z","outcome":"error","status":429,"error_type":"rate_limit_error","tier":1}"#, at: "2026-11-24T10:01:00Z")
            case .exhaustionPausesAndReviewerWraps:
                let record = try run(["record"], stdin: """
                    {"agent":"coder-2","at":"2026-11-24T11:00:00Z","outcome":"error","status":402,"error_type":"billing_error"}
                    {"agent":"coder-2","at":"2026-11-24T11:00:01Z","outcome":"error","status":401,"error_type":"authentication_error"}
                    {"agent":"reviewer-1","at":"2026-11-24T11:00:00Z","outcome":"error","status":429,"error_type":"rate_limit_error"}
                    {"agent":"reviewer-1","at":"2026-11-24T11:00:01Z","outcome":"error","status":429}
                    """, at: "2026-11-24T11:00:05Z")
                #expect(record.status == 0, "\(record.stderr)")
                return try run(["cycle", "--json"], at: "2026-11-24T11:01:00Z")
            case .budgetOverrunSteps:
                return try run(["record", "--json"], stdin: #"{"agent":"coder-1","at":"2026-11-24T12:00:00Z","outcome":"success","input_tokens":90000,"output_tokens":20000,"tier":1}"#, at: "2026-11-24T12:00:00Z")
            case .operatorPauses:
                try scratch.write("failover.yaml", ScriptedDayTests.config + "\ncontrol:\n  coder-1: { paused: true }\n")
                return try run(["cycle", "--json"], at: "2026-11-24T13:00:00Z")
            case .operatorUnpausesAndResets:
                try scratch.write("failover.yaml", ScriptedDayTests.config + "\ncontrol:\n  coder-1: { paused: false }\n  coder-2: { reset: \"2026-11-24T14:00Z\" }\n")
                return try run(["cycle", "--json"], at: "2026-11-24T14:00:00Z")
            case .resetAppliesOnce:
                return try run(["cycle", "--json"], at: "2026-11-24T14:05:00Z")
            case .brokenConfigChangesNothing:
                eventsBeforeBrokenEdit = try run(["events", "--json", "--limit", "1000"], at: "2026-11-24T15:00:00Z").stdout
                try scratch.write("failover.yaml", ScriptedDayTests.config.replacingOccurrences(of: "model: deepseek-chat", with: "model: \"\"") + "\ncontrol:\n  coder-1: { paused: true }\n")
                return try run(["cycle", "--json"], at: "2026-11-24T15:00:00Z")
            }
        }

        /// What the step must have done.
        func check(_ step: Step, _ result: CLI.Result) throws {
            switch step {
            case .morningCycle:
                #expect(result.status == 0, "\(result.stderr)")
                let agents = try #require(try plan(result).plan["agents"] as? [[String: Any]])
                #expect(agents.map { $0["agent"] as? String } == ["coder-1", "coder-2", "reviewer-1"])
                #expect(agents.allSatisfy { $0["tier"] as? Int == 1 && $0["dispatchable"] as? Bool == true && $0["recreate"] as? Bool == true })
                #expect(agents.first?["env_file"] as? String == scratch.path("var/env/coder-1.env"))
                #expect(!result.stdout.contains("sk-ant-e2e"), "the plan never prints a key")
            case .authFailureStepsDown:
                #expect(result.status == 0, "\(result.stderr)")
                let line = try line(result)
                #expect(line["kind"] as? String == "auth" && line["moved"] as? Bool == true && line["from_tier"] as? Int == 1 && line["to_tier"] as? Int == 2)
                #expect(line["recreate"] as? Bool == true)
                #expect(line["usage"] as? String == "0/100000")
                #expect(try String(contentsOfFile: scratch.path("var/env/coder-1.env"), encoding: .utf8).contains("ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic"))
                #expect(result.stderr.contains("coder-1 step_down"), "the switch is logged")
            case .successInsideCooldownStays:
                #expect(try line(result)["moved"] as? Bool == false)
            case .successAfterCooldownRecovers:
                let line = try line(result)
                #expect(line["to_tier"] as? Int == 1 && line["recreate"] as? Bool == true)
            case .twoServerErrorsStay:
                #expect(result.status == 0, "\(result.stderr)")
                #expect(try test.tier(scratch, "coder-2", at: "2026-11-24T10:00:05Z") == 1)
            case .thirdServerErrorSteps:
                #expect(try test.tier(scratch, "coder-2", at: "2026-11-24T10:00:05Z") == 2)
            case .lateResultMovesNothing:
                let line = try line(result)
                #expect(line["moved"] as? Bool == false && line["ignored"] as? String == "late")
            case .exhaustionPausesAndReviewerWraps:
                let agents = try plan(result).agents
                #expect(agents["coder-2"]?["paused"] as? Bool == true && agents["coder-2"]?["dispatchable"] as? Bool == false)
                #expect(agents["coder-2"]?["pause_reason"] as? String == "exhausted")
                #expect(agents["reviewer-1"]?["tier"] as? Int == 1 && agents["reviewer-1"]?["paused"] as? Bool == false)
                #expect(agents["reviewer-1"]?["pause_reason"] is NSNull)
            case .budgetOverrunSteps:
                let line = try line(result)
                #expect(line["to_tier"] as? Int == 2 && line["usage"] as? String == "110015/100000")
                #expect(result.stderr.contains("usage=110015/100000"))
            case .operatorPauses:
                let agents = try plan(result).agents
                #expect(agents["coder-1"]?["dispatchable"] as? Bool == false && agents["coder-1"]?["pause_reason"] as? String == "operator")
            case .operatorUnpausesAndResets:
                let (plan, agents) = try plan(result)
                #expect(agents["coder-1"]?["dispatchable"] as? Bool == true)
                #expect(agents["coder-2"]?["tier"] as? Int == 1 && agents["coder-2"]?["paused"] as? Bool == false && agents["coder-2"]?["recreate"] as? Bool == true)
                let events = try #require(plan["events"] as? [[String: Any]])
                #expect(events.map { $0["kind"] as? String } == ["unpaused", "reset"])
                #expect(events.allSatisfy { $0["source"] as? String == "config" })
            case .resetAppliesOnce:
                #expect((try plan(result).plan["events"] as? [Any])?.isEmpty == true, "a reset applies once")
            case .brokenConfigChangesNothing:
                #expect(result.status == 1)
                #expect(result.stderr.contains("provider_chain[1].model: must not be empty"))
                #expect(result.stderr.contains("nothing was changed"))
                let record = try run(["record"], stdin: #"{"agent":"coder-1","outcome":"error","status":401}"#, at: "2026-11-24T15:00:00Z")
                #expect(record.status == 1)
                try scratch.write("failover.yaml", ScriptedDayTests.config)
                #expect(try run(["events", "--json", "--limit", "1000"], at: "2026-11-24T15:00:00Z").stdout == eventsBeforeBrokenEdit)
            }
            // Whatever the step, the ledger reproduces the state table.
            let verify = try run(["verify"], at: nil)
            #expect(verify.status == 0, "\(step): \(verify.stderr)")
        }
    }

    @Test(arguments: Step.allCases)
    func theDay(_ step: Step) throws {
        let day = try Day(self)
        for earlier in Step.allCases.prefix(while: { $0 != step }) { _ = try day.act(earlier) }
        try day.check(step, try day.act(step))
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
        try DatabaseQueue(path: scratch.path("var/failover.sqlite")).write { db in
            try db.execute(sql: "UPDATE agent_provider_state SET tier = 3 WHERE agent = 'coder-1'")
        }
        let result = try run(scratch, ["verify"], at: nil)
        #expect(result.status == 1)
        #expect(result.stderr.contains("coder-1: tier: 3 vs 1"))
    }
}
