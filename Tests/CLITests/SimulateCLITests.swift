import FailoverCore
import Foundation
import TestSupport
import Testing

/// `failover simulate` through the binary (specs/failover.md, "failover simulate"; the JSON in
/// specs/exports.md): the real rules on a copy in memory, and nothing written.
@Suite struct SimulateCLITests {
    /// The scene's fleet with a proposal: no budget step for coders (threshold doubled), 5xx persistent
    /// only at 3, and reviewers no longer stepping on rate limits.
    static let proposed = OutcomeScene.config
        .replacingOccurrences(of: "usage_threshold_tokens: 100000", with: "usage_threshold_tokens: 200000")
        .replacingOccurrences(of: "server_error_after: 2", with: "server_error_after: 3")
        .replacingOccurrences(of: "failover: { on_exhausted: wrap }", with: "failover: { on_exhausted: wrap, triggers: [auth, quota, server_error] }")

    func run(_ scratch: ScratchDirectory, _ arguments: [String], config: String = "failover.yaml", stdin: String? = nil, input: Data? = nil,
             unsetting: [String] = []) throws -> CLI.Result {
        try CLI.run(arguments + ["--config", scratch.path(config), "--now", OutcomeScene.clock], input: input ?? stdin.map { Data($0.utf8) },
                    environment: CLIFleets.keys, unsetting: unsetting)
    }

    func simulation(_ result: CLI.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try OutcomeScene.json(result.stdout) as? [String: Any], "\(result.stdout)")
    }

    func byName(_ simulation: [String: Any], _ list: String, _ key: String) -> [String: [String: Any]] {
        let items = simulation[list] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0[key] as? String ?? "", $0) })
    }

    /// One implementation of the rules: a fresh simulation lists exactly the switches a real `cycle`
    /// then `record` of the same lines write to a new database.
    @Test func aFreshSimulationMovesExactlyAsRecordDoes() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", Self.proposed)
        let simulated = try simulation(try run(scratch, ["simulate", "--fresh", "--json"], stdin: OutcomeScene.input))
        let cycle = try run(scratch, ["cycle", "--now", "2026-11-24T10:00:00Z"])
        #expect(cycle.status == 0, "\(cycle.stderr)")
        #expect(try run(scratch, ["record"], stdin: OutcomeScene.input).status == 0)
        let switches = try OutcomeScene.ledger(scratch).filter { !["created", "server_error_counted", "server_errors_cleared"].contains($0["kind"] as? String) }
        let fields = ["agent", "at", "kind", "from_tier", "to_tier", "paused", "failure_kind", "provider", "model", "source", "detail", "cooldown_until"]
        let simulatedSwitches = (simulated["transitions"] as? [[String: Any]] ?? []).map { NSDictionary(dictionary: $0) }
        let projected = switches.map { event in
            NSDictionary(dictionary: Dictionary(uniqueKeysWithValues: fields.map { ($0, event[$0] ?? NSNull()) }))
        }
        #expect(simulatedSwitches == projected)
        #expect(!switches.isEmpty)
    }

    /// The proposal against the current config, from a new fleet: what moves, per agent and per type.
    @Test func aProposalShowsWhatWouldMoveDifferently() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        try scratch.write("proposed.yaml", Self.proposed)
        let current = try simulation(try run(scratch, ["simulate", "--fresh", "--json"], stdin: OutcomeScene.input))
        let agents = byName(current, "agents", "agent")
        #expect(agents["coder-1"]?["steps"] as? Int == 2 && agents["coder-1"]?["budget_steps"] as? Int == 1 && agents["coder-1"]?["recoveries"] as? Int == 1)
        #expect(agents["coder-1"]?["final_tier"] as? Int == 2)
        #expect(agents["coder-1"]?["late"] as? Int == 1)
        #expect(agents["coder-2"]?["steps"] as? Int == 2 && agents["coder-2"]?["final_tier"] as? Int == 3)
        #expect(agents["reviewer-1"]?["steps"] as? Int == 1 && agents["reviewer-1"]?["wraps"] as? Int == 1)
        #expect(current["outcomes"] as? Int == OutcomeScene.lines.count && current["start"] as? String == "fresh")

        let proposal = try simulation(try run(scratch, ["simulate", "--fresh", "--json"], config: "proposed.yaml", stdin: OutcomeScene.input))
        let moved = byName(proposal, "agents", "agent")
        #expect(moved["coder-1"]?["steps"] as? Int == 1 && moved["coder-1"]?["budget_steps"] as? Int == 0 && moved["coder-1"]?["final_tier"] as? Int == 1)
        #expect(moved["coder-2"]?["steps"] as? Int == 1 && moved["coder-2"]?["final_tier"] as? Int == 2)
        #expect(moved["reviewer-1"]?["steps"] as? Int == 0 && moved["reviewer-1"]?["wraps"] as? Int == 0)
        let types = byName(proposal, "types", "type")
        #expect(types["coder"]?["steps"] as? Int == 2 && types["coder"]?["final_on_tier_1"] as? Int == 1 && types["coder"]?["final_below_tier_1"] as? Int == 1)
        #expect(types["reviewer"]?["instances"] as? Int == 1)

        // The text form names each switch and sums up.
        let text = try run(scratch, ["simulate", "--fresh"], config: "proposed.yaml", stdin: OutcomeScene.input)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("simulated 12 outcome(s) from 2026-11-24T10:00:00Z to 2026-11-24T13:30:00Z"))
        #expect(text.stdout.contains("nothing was written"))
        #expect(text.stdout.contains("coder-2  step_down  ②→③") == false && text.stdout.contains("coder-2  step_down  ①→②"))
        #expect(!Hostile.leaks(OutcomeScene.key, in: text.stdout) && !text.stdout.contains("\u{1B}"))
    }

    /// `--ignore-tiers` drops the tier a line names: the late result then steps.
    @Test func ignoringTiersAppliesLateResults() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        let ignoring = try simulation(try run(scratch, ["simulate", "--fresh", "--json", "--ignore-tiers"], stdin: OutcomeScene.input))
        let coder = byName(ignoring, "agents", "agent")["coder-1"]
        // 10:00 steps 1→2 and the 10:06 line, its tier dropped, 2→3; at 13:00 the type is over budget,
        // so the success holds it on tier 3 instead of bringing it back.
        #expect(coder?["late"] as? Int == 0 && coder?["steps"] as? Int == 2 && coder?["final_tier"] as? Int == 3)
    }

    /// The database as it stands is where the simulation starts, and nothing of it changes: not the
    /// file, not its side files, not an env file, even while another process holds the write lock.
    @Test func simulatingFromTheDatabaseWritesNothingAndNeedsNoLock() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        #expect(try run(scratch, ["cycle", "--now", "2026-11-24T09:00:00Z"]).status == 0)
        #expect(try run(scratch, ["record"], stdin: OutcomeScene.input).status == 0)
        // A proposal that would rewrite env files (tier 2 moves to openrouter), pause an agent and reset another.
        try scratch.write("proposed.yaml", OutcomeScene.config.replacingOccurrences(of: "provider: deepseek, model: deepseek-chat", with: "provider: openrouter, model: x/y")
            + "\ncontrol:\n  coder-1: { paused: true }\n  coder-2: { reset: r1 }\n")
        let more = #"{"agent":"coder-2","at":"2026-11-24T23:00:00Z","outcome":"error","status":401,"tier":1}"# + "\n"

        func files() throws -> [String: String] {
            var found: [String: String] = [:]
            for name in try FileManager.default.subpathsOfDirectory(atPath: scratch.path("var")) {
                let path = scratch.path("var/" + name)
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                found[name] = "\(data.count) \(data.hashValue) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
            }
            return found
        }

        // No other process has it open: no side file may appear.
        let quiet = try files()
        #expect(quiet.keys.allSatisfy { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") && !$0.hasSuffix("-journal") }, "\(quiet.keys)")
        let copy = try simulation(try run(scratch, ["simulate", "--json"], config: "proposed.yaml", stdin: more))
        #expect(try files() == quiet)
        let agents = byName(copy, "agents", "agent")
        #expect(agents["coder-2"]?["start_tier"] as? Int == 3, "starts where the database left coder-2")
        #expect(agents["coder-1"]?["final_pause_reason"] as? String == "operator", "the proposal's control entry applied")
        #expect(agents["coder-2"]?["steps"] as? Int == 1 && agents["coder-2"]?["final_tier"] as? Int == 2, "reset to tier 1, then a 401 stepped it")
        #expect(copy["start"] as? String == scratch.path("var/failover.sqlite"))

        // Another process holds the write lock (its -wal and -shm are there): the simulation reads beside it.
        let holder = try WriteLockHolder(path: scratch.path("var/failover.sqlite"))
        let held = try files()
        let started = Date()
        let beside = try run(scratch, ["simulate", "--json"], config: "proposed.yaml", stdin: more)
        #expect(Date().timeIntervalSince(started) < 30, "it waited for the lock")
        #expect(try simulation(beside)["outcomes"] as? Int == 1)
        // Any WAL reader, `status` included, marks its place in the shared-memory index (-shm): no data.
        let after = try files()
        #expect(after.filter { !$0.key.hasSuffix("-shm") } == held.filter { !$0.key.hasSuffix("-shm") }, "\(after) \(held)")
        #expect(Set(after.keys) == Set(held.keys))
        holder.release()
        holder.waitUntilReleased()
        let record = try run(scratch, ["events", "--json", "--limit", "1"])
        #expect(record.status == 0 && !record.stdout.contains("openrouter"), "nothing the simulation did reached the ledger")
    }

    /// The proposal's control entries apply once, at the first outcome's time: on a fresh fleet every
    /// `reset` value is new, and an operator's pause holds every outcome of that agent.
    @Test func theProposalsControlAppliesFirstAtTheFirstOutcome() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config + "\ncontrol:\n  reviewer-1: { paused: true }\n  coder-2: { reset: r7 }\n")
        let simulated = try simulation(try run(scratch, ["simulate", "--fresh", "--json"], stdin: OutcomeScene.input))
        let transitions = simulated["transitions"] as? [[String: Any]] ?? []
        let first = transitions.prefix(2).map { "\($0["agent"] ?? "") \($0["kind"] ?? "") \($0["source"] ?? "") \($0["at"] ?? "")" }
        #expect(first == ["coder-2 reset config 2026-11-24T10:00:00Z", "reviewer-1 paused config 2026-11-24T10:00:00Z"], "in config order: \(first)")
        let reviewer = byName(simulated, "agents", "agent")["reviewer-1"]
        #expect(reviewer?["steps"] as? Int == 0 && reviewer?["pauses"] as? Int == 1 && reviewer?["final_pause_reason"] as? String == "operator")
        #expect(transitions.filter { $0["kind"] as? String == "reset" }.count == 1, "applied once, not before every outcome")
    }

    /// Outcomes are lines: an instance the outage step moves with another's failure ran no task, so
    /// its move is a transition (source `outage`) and a step, never an outcome or a failure.
    @Test func outageFollowersAreTransitionsNotOutcomes() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", """
            agent_types:
              coder:
                instances: [c1, c2, c3]
                provider_chain:
                  - { provider: anthropic, model: claude-sonnet-4-5 }
                  - { provider: deepseek, model: deepseek-chat }
                failover: { cooldown: 10m, outage_after: 2 }
            """)
        let input = ["c1", "c2", "c3"].enumerated().map { second, agent in
            #"{"agent":"\#(agent)","at":"2026-11-24T10:00:0\#(second)Z","outcome":"error","status":401,"error_type":"authentication_error"}"#
        }.joined(separator: "\n") + "\n"
        let simulated = try simulation(try run(scratch, ["simulate", "--fresh", "--json"], stdin: input))
        #expect(simulated["outcomes"] as? Int == 3)
        let c3 = try #require(byName(simulated, "agents", "agent")["c3"])
        #expect(c3["outcomes"] as? Int == 1 && c3["failures"] as? Int == 1, "\(c3)")
        let followed = (simulated["transitions"] as? [[String: Any]] ?? []).filter { $0["source"] as? String == "outage" }
        #expect(followed.map { "\($0["agent"] ?? "") \($0["kind"] ?? "") \($0["from_tier"] ?? "")→\($0["to_tier"] ?? "")" } == ["c3 step_down 1→2"])
        #expect(c3["steps"] as? Int == 1, "the outage step counts as a step: \(c3)")
        let type = try #require(byName(simulated, "types", "type")["coder"])
        #expect(type["outcomes"] as? Int == 3 && type["failures"] as? Int == 3, "\(type)")

        let text = try run(scratch, ["simulate", "--fresh"], stdin: input)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("simulated 3 outcome(s)"), "\(text.stdout)")
        let row = text.stdout.split(separator: "\n").first { $0.contains(" c3 ") && $0.contains(" outage ") }
        #expect(row.map { $0.contains("step_down") && $0.contains("①→②") && $0.contains("auth") } == true, "\(text.stdout)")
    }

    /// `--ignore-tiers` drops a line's tier before it is checked, so a tier past a chain the proposal
    /// shortened is no rejection; START is the tier as stored, before the proposal's chain edit.
    @Test func ignoringTiersAcceptsTiersPastAShortenedChainAndStartIsAsStored() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        #expect(try run(scratch, ["cycle", "--now", "2026-11-24T09:00:00Z"]).status == 0)
        #expect(try run(scratch, ["record"], stdin: OutcomeScene.input).status == 0)
        try scratch.write("proposed.yaml", OutcomeScene.config.replacingOccurrences(of: "      - { provider: ollama, model: \"qwen3-coder:30b\" }\n", with: ""))
        let late = #"{"agent":"coder-2","at":"2026-11-24T23:00:00Z","outcome":"error","status":401,"tier":3}"# + "\n"

        let strict = try run(scratch, ["simulate", "--json"], config: "proposed.yaml", stdin: late)
        #expect(strict.status == 1 && strict.stderr.contains("stdin: line 1: \"tier\" 3 is outside the 2-tier chain"), "\(strict.stderr)")

        let ignoring = try simulation(try run(scratch, ["simulate", "--json", "--ignore-tiers"], config: "proposed.yaml", stdin: late))
        #expect(ignoring["rejected"] as? Int == 0 && ignoring["outcomes"] as? Int == 1)
        let coder = try #require(byName(ignoring, "agents", "agent")["coder-2"])
        #expect(coder["start_tier"] as? Int == 3 && coder["final_tier"] as? Int == 2 && coder["steps"] as? Int == 1, "\(coder)")
        let moves = (ignoring["transitions"] as? [[String: Any]] ?? []).filter { $0["agent"] as? String == "coder-2" }
            .map { "\($0["kind"] ?? "") \($0["from_tier"] ?? "")→\($0["to_tier"] ?? "")" }
        #expect(moves == ["chain_changed 3→1", "step_down 1→2"])

        let text = try run(scratch, ["simulate", "--ignore-tiers"], config: "proposed.yaml", stdin: late)
        #expect(text.status == 0, "\(text.stderr)")
        let row = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("coder-2 ") && $0.contains(" of 2") })
        let cells = row.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(cells.suffix(2) == ["③ of 2", "② of 2"], "START as stored, END as simulated: \(row)")
    }

    /// Seeded hostile `tier` values: with `--ignore-tiers` no line is refused for its tier, whatever
    /// it holds; without, each is refused or accepted as `record` would.
    @Test func hostileTiersAreDroppedUnreadWithIgnoreTiers() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        var rng = SeededGenerator(seed: 2718)
        var input = ""
        for minute in 0..<60 {
            let tier = switch Int.random(in: 0..<4, using: &rng) {
            case 0: String(Hostile.integer(&rng))
            // A JSON string, however odd: no quote, backslash or raw control character to end or break it.
            case 1: "\"" + String(String.UnicodeScalarView(Hostile.string(&rng).unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" })) + "\""
            case 2: ["null", "true", "[3]", "{\"a\":1}", "2.5", "1e400", "-0"].randomElement(using: &rng)!
            default: String(Int.random(in: 1...3, using: &rng))
            }
            input += #"{"agent":"coder-\#(minute % 2 + 1)","at":"2026-11-24T10:\#(minute < 10 ? "0" : "")\#(minute):00Z","outcome":"error","status":529,"tier":\#(tier)}"# + "\n"
        }
        let ignoring = try run(scratch, ["simulate", "--fresh", "--json", "--ignore-tiers"], stdin: input)
        #expect(!ignoring.stderr.contains("\"tier\""), "\(ignoring.stderr.prefix(500))")
        let ignored = try simulation(ignoring)
        #expect(ignored["rejected"] as? Int == 0 && ignored["outcomes"] as? Int == 60)
        let strict = try run(scratch, ["simulate", "--fresh"], stdin: input)
        let recorded = try run(scratch, ["record"], stdin: input)
        let rejections = { (result: CLI.Result) in result.stderr.split(separator: "\n").filter { $0.hasPrefix("stdin: line ") } }
        #expect(rejections(strict) == rejections(recorded) && !rejections(strict).isEmpty)
    }

    /// Which of the reasons a `--file` cannot be read, named.
    @Test func anUnreadableFileSaysWhy() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        let missing = try run(scratch, ["simulate", "--fresh", "--file", scratch.path("nothing.jsonl")])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read --file \(scratch.path("nothing.jsonl")): no such file"), "\(missing.stderr)")
        let folder = try run(scratch, ["simulate", "--fresh", "--file", scratch.url.path])
        #expect(folder.status == 1 && folder.stderr.contains("cannot read --file \(scratch.url.path): it is a folder"), "\(folder.stderr)")
        let locked = try scratch.write("locked.jsonl", OutcomeScene.input)
        chmod(locked, 0o000)
        // Root reads anything: run as nobody, who may read the config but not the file.
        let launcher = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : []
        let denied = try CLI.run(["simulate", "--fresh", "--file", locked, "--config", scratch.path("failover.yaml"), "--now", OutcomeScene.clock],
                                 environment: CLIFleets.keys, via: launcher)
        #expect(denied.status == 1 && denied.stderr.contains("cannot read --file \(locked): permission denied"), "\(denied.stderr)")
        let readable = try run(scratch, ["simulate", "--fresh", "--file", try scratch.write("lines.jsonl", OutcomeScene.input)])
        #expect(readable.status == 0 && readable.stdout.contains("simulated 12 outcome(s)"), "\(readable.stderr)")
    }

    /// The README's CI recipe, run as written (the fleet's config path aside) by bash as GitHub runs
    /// it: the same outcomes under identical configs in different files print the same text, so the
    /// step summary says nothing changed; a real change shows as a diff of what moved, not of a header.
    @Test func theReadmeRecipeDiffsOnlyWhatTheProposalChanges() throws {
        let fleet = try ScratchDirectory()
        try fleet.write("failover.yaml", OutcomeScene.config)
        // The recipe reads the last 7 days by the real clock: the scene, two days ago.
        let day = Date(timeIntervalSinceNow: -2 * 86_400).formatted(.iso8601.year().month().day())
        let lines = OutcomeScene.input.replacingOccurrences(of: "2026-11-24T", with: "\(day)T")
            .replacingOccurrences(of: #""Tue, 24 Nov 2026 12:01:00 GMT""#, with: "3600")
        let recorded = try CLI.run(["record", "--config", fleet.path("failover.yaml")], stdin: lines, environment: CLIFleets.keys)
        #expect(recorded.status == 0 && recorded.stdout.contains("recorded 12 outcome(s)"), "\(recorded.stderr)")

        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let workflow = try #require(readme.components(separatedBy: "# .github/workflows/simulate.yml").dropFirst().first)
        let body = try #require(workflow.components(separatedBy: "run: |\n").dropFirst().first?.components(separatedBy: "\n```").first)
        let script = body.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: "\n")
            .replacingOccurrences(of: "/srv/fleet/failover.yaml", with: fleet.path("failover.yaml"))
        #expect(script.contains("diff") && script.contains("failover simulate --config current.yaml"))

        func pullRequest(_ proposal: String) throws -> (result: CLI.Result, summary: String, checkout: ScratchDirectory) {
            let checkout = try ScratchDirectory()
            let git = { (arguments: [String]) throws in
                let result = try Self.program("/usr/bin/git", ["-c", "user.name=ci", "-c", "user.email=ci@example.com"] + arguments, in: checkout.url)
                #expect(result.status == 0, "git \(arguments): \(result.stderr)")
            }
            try git(["init", "-q"])
            try checkout.write("failover.yaml", OutcomeScene.config)
            try git(["add", "failover.yaml"])
            try git(["commit", "-q", "-m", "base"])
            try checkout.write("failover.yaml", proposal)
            try git(["commit", "-q", "--allow-empty", "-a", "-m", "proposal"])
            try checkout.write("run.sh", script + "\n")
            let summary = checkout.path("summary.md")
            let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            // GitHub's `shell: bash`.
            let result = try Self.program("/bin/bash", ["--noprofile", "--norc", "-eo", "pipefail", checkout.path("run.sh")], in: checkout.url,
                                          environment: CLIFleets.keys.merging(["PATH": path, "GITHUB_STEP_SUMMARY": summary]) { $1 })
            return (result, (try? String(contentsOfFile: summary, encoding: .utf8)) ?? "", checkout)
        }

        let same = try pullRequest(OutcomeScene.config + "\n# only a comment changed\n")
        #expect(same.result.status == 0, "\(same.result.stderr)")
        #expect(same.result.stdout.contains("simulated 12 outcome(s)"), "the proposal's simulation is shown: \(same.result.stdout)")
        #expect(same.summary.hasPrefix("No change"), "\(same.summary)")
        let current = try String(contentsOfFile: same.checkout.path("current.txt"), encoding: .utf8)
        #expect(current == (try String(contentsOfFile: same.checkout.path("proposed.txt"), encoding: .utf8)) && !current.isEmpty)
        // The JSON documents of identical configs in different files are identical too.
        let jsons = try ["current.yaml", "failover.yaml"].map { config in
            try CLI.run(["simulate", "--json", "--fresh", "--file", same.checkout.path("last-week.jsonl"), "--config", same.checkout.path(config)],
                        environment: CLIFleets.keys).stdout
        }
        #expect(jsons[0] == jsons[1] && jsons[0].contains("\"outcomes\": 12"))

        let changed = try pullRequest(Self.proposed)
        #expect(changed.result.status == 0, "\(changed.result.stderr)")
        #expect(changed.summary.hasPrefix("~~~diff\n") && changed.summary.hasSuffix("~~~\n"), "\(changed.summary)")
        let changes = changed.summary.split(separator: "\n").filter { ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++") }
        #expect(!changes.isEmpty && !changes.contains { $0.contains("simulated 12 outcome(s)") }, "\(changes)")
        #expect(changes.contains { $0.hasPrefix("-") && $0.contains("budget") }, "the budget step the proposal no longer makes: \(changes)")
    }

    /// Another program (git, bash), its output read to the end. Fails the test when it is not installed.
    static func program(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> CLI.Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            Issue.record("\(executable) is missing: install the package that provides it (apt-get install git bash)")
            return CLI.Result(status: -1, stdout: "", stderr: "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FAILOVER_CONFIG")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = ErrorPipe(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func aMissingDatabaseNamesTheFix() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        let result = try run(scratch, ["simulate"], stdin: OutcomeScene.input)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no database at \(scratch.path("var/failover.sqlite"))") && result.stderr.contains("--fresh"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("var")), "nothing was created")
        let file = try run(scratch, ["simulate", "--fresh", "--file", scratch.path("nothing.jsonl")])
        #expect(file.status == 1 && file.stderr.contains("cannot read --file"))
    }

    /// A PostgreSQL store is copied from the server (SimulatePostgresCLITests): one that cannot be reached
    /// is exit 1 saying so, and `--fresh` needs no server at all.
    @Test func anUnreachablePostgreSQLServerIsExit1AndFreshNeedsNone() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config.replacingOccurrences(
            of: "  usage_window: 24h\n", with: "  usage_window: 24h\n  database: \"postgres://failover@127.0.0.1:1/fleet?sslmode=disable\"\n"))
        let result = try run(scratch, ["simulate"], stdin: OutcomeScene.input)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot connect to database postgres://failover@127.0.0.1:1/fleet"), "\(result.stderr)")
        #expect(try simulation(try run(scratch, ["simulate", "--fresh", "--json"], stdin: OutcomeScene.input))["outcomes"] as? Int == OutcomeScene.lines.count)
    }

    /// Seeded hostile input: `simulate` rejects exactly the lines `record` rejects, with the same
    /// messages, never traps, and prints no key or control character.
    @Test func hostileLinesAreRejectedAsRecordRejectsThem() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("failover.yaml", OutcomeScene.config)
        var rng = SeededGenerator(seed: 1414)
        let keyless = ["ANTHROPIC_API_KEY", "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY"]
        for round in 0..<Hostile.iterations(3) {
            var input = Data()
            for _ in 0..<150 {
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: input += Data(Hostile.string(&rng).utf8)
                case 1: input += Data(Hostile.invalidUTF8(&rng))
                case 2: input += Data(#"{"agent":"coder-1","outcome":"error","status":\#(Hostile.integer(&rng)),"message":"\#(Hostile.disguise(OutcomeScene.key, &rng))"}"#.utf8)
                case 3: input += Data(#"{"agent":"reviewer-1","at":"2026-11-24T11:00:00Z","outcome":"error","status":429,"retry_after":\#(Hostile.integer(&rng))}"#.utf8)
                default: input += Data(#"{"agent":"coder-2","at":"\#(Hostile.string(&rng))","outcome":"success","input_tokens":\#(Hostile.integer(&rng))}"#.utf8)
                }
                input.append(0x0A)
            }
            let simulated = try run(scratch, ["simulate", "--fresh"], input: input, unsetting: keyless)
            let recorded = try run(scratch, ["record"], input: input, unsetting: keyless)
            for result in [simulated, recorded] {
                #expect(result.status == 0 || result.status == 1, "round \(round): exit \(result.status): \(result.stderr.suffix(300))")
                #expect(!Hostile.leaks(OutcomeScene.key, in: result.stdout + result.stderr), "round \(round): the key reached the terminal")
                #expect(!(result.stdout + result.stderr).contains("\u{1B}"), "round \(round)")
            }
            let rejections = { (result: CLI.Result) in result.stderr.split(separator: "\n").filter { $0.hasPrefix("stdin: line ") } }
            #expect(rejections(simulated) == rejections(recorded), "round \(round)")
            #expect(simulated.status == recorded.status, "round \(round)")
        }
        // What those rounds recorded exports clean, and every exported line is accepted again.
        let exported = try run(scratch, ["outcomes"], unsetting: keyless)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(!Hostile.leaks(OutcomeScene.key, in: exported.stdout) && !exported.stdout.contains("\u{1B}"))
        let lines = exported.stdout.split(separator: "\n")
        #expect(lines.count > 10)
        for line in lines { #expect((try? OutcomeScene.json(String(line))) is [String: Any], "\(line.prefix(200))") }
        let copy = try ScratchDirectory()
        try copy.write("failover.yaml", OutcomeScene.config)
        let again = try run(copy, ["record"], stdin: exported.stdout, unsetting: keyless)
        #expect(again.status == 0, "\(again.stderr.prefix(500))")
        #expect(again.stdout.contains("recorded \(lines.count) outcome(s)"))
    }
}
