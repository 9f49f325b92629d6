import ArgumentParser
import ConfigLoader
import FailoverBench
import FailoverCore
import FailoverPostgres
import FailoverSite
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure performance on a synthetic fleet and print a table (use a release build).",
        discussion: """
            Builds a fleet with the given history in a scratch folder (removed afterwards unless --keep), then times
            record, cycle, the budget window sum, and the renders: full (with its peak memory and a `cp -r` of its
            output for scale), nothing new, the UTC hour turning, new events on 50 agents and on every agent; then a
            wider fleet (--wide agents). --quick runs the whole harness on a small fleet in seconds.
            With --store postgres://..., the history is built in SQLite as always, copied by migrate-store into
            that database (which must be empty, and is left holding the fleet), and everything is timed against it;
            the wider fleet is skipped. Results go in specs/performance.md with the command that produced them.
            """
    )

    @Option(help: "Agents in the synthetic fleet.")
    var agents = 1000

    @Option(help: "Ledger events of history.")
    var events = 1_000_000

    @Option(help: "Task-usage rows of history.")
    var usage = 10_000_000

    @Option(help: "Days the history spans.")
    var days = 365

    @Option(help: ArgumentHelp("Keep the scratch folder here instead of removing it.", valueName: "dir"))
    var keep: String?

    @Option(help: ArgumentHelp("A tmpfs folder for the env-file and site measurements on tmpfs; empty to skip them.", valueName: "dir"))
    var tmpfs: String = "/dev/shm"

    @Option(help: "Agents of a second, wider fleet with 50 events each (0 to skip).")
    var wide = 5000

    @Flag(help: "Reuse the fleet an earlier --keep left in that folder instead of generating one (for profiling; publish numbers from a fresh run).")
    var reuse = false

    @Option(help: ArgumentHelp("Run only these sections, comma-separated: cycle, record, render, wide (for profiling).", valueName: "sections"))
    var only: String?

    @Option(help: ArgumentHelp("Time against this empty PostgreSQL database instead of SQLite: postgres://USER@HOST:PORT/DATABASE?sslmode=...", valueName: "url"))
    var store: String?

    @Option(help: ArgumentHelp("The environment variable holding --store's password, if the server asks for one.", valueName: "name"))
    var storePasswordEnv: String?

    @Flag(help: "A fleet of 60 agents and a few thousand events, in seconds: checks the harness, its numbers mean nothing.")
    var quick = false

    func run() throws {
        let postgres = try postgresTarget()
        let folder = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("failover-bench-\(UUID().uuidString)").path
        let fast = tmpfs.isEmpty ? nil : tmpfs + "/failover-bench-\(UUID().uuidString)"
        defer {
            if keep == nil { try? FileManager.default.removeItem(atPath: folder) }
            if let fast { try? FileManager.default.removeItem(atPath: fast) }
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        // The hour-turn render is an hour later: in the last hour of a UTC day that would be the day
        // turn, which rebuilds every agent page for its history and has a row of its own.
        if (now + .hours(1)).startOfUTCDay != now.startOfUTCDay { now = now - .hours(1) }
        var benchmark = quick
            ? ScaleBenchmark(agents: 60, events: 3000, usageRows: 20_000, days: 7, folder: folder, fastFolder: fast, executable: executable, now: now,
                             wideAgents: wide == 0 ? 0 : 200, recordScale: 0.02)
            : ScaleBenchmark(agents: agents, events: events, usageRows: usage, days: days, folder: folder, fastFolder: fast, executable: executable, now: now,
                             reuse: reuse && keep != nil, wideAgents: wide)
        if let only {
            benchmark.sections = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let unknown = benchmark.sections.subtracting(["cycle", "record", "render", "wide"])
            guard unknown.isEmpty else { throw CommandFailure.user("--only: unknown section(s) \(unknown.sorted().joined(separator: ", ")); choose from cycle, record, render, wide") }
        }
        benchmark.postgres = postgres
        benchmark.snapshotRead = Self.snapshotRead
        let rows = try benchmark.run { Console.error("bench: \($0)") }
        Console.out(TextTable.render(header: ["MEASUREMENT", "RESULT", "TARGET", "MET"], rows: rows.map { row in
            [row.measurement, row.result, row.target, row.met.map { $0 ? "yes" : "NO" } ?? ""]
        }))
    }

    /// --store checked before minutes go into a history: a URL that parses, its password at hand, a
    /// server that answers, and a database holding nothing (the bench fills it and leaves it filled).
    private func postgresTarget() throws -> ScaleBenchmark.PostgresTarget? {
        guard let store else {
            if storePasswordEnv != nil { throw CommandFailure.user("--store-password-env names the password of --store's database: give --store postgres://... too") }
            return nil
        }
        if reuse { throw CommandFailure.user("--reuse times a kept SQLite fleet again; --store copies a fresh one into an empty database: drop one of them") }
        let address: PostgresAddress
        switch PostgresAddress.parse(store) {
        case .success(let parsed): address = parsed
        // Never quoted back: the URL may hold the password it is refused for.
        case .failure(let problem): throw CommandFailure.user("--store: the PostgreSQL URL \(problem)")
        }
        var password: String?
        if let storePasswordEnv {
            guard let value = ProcessInfo.processInfo.environment[storePasswordEnv] else {
                throw CommandFailure.user("the environment variable \(storePasswordEnv) holding --store's password is not set; export it")
            }
            password = value
        }
        let filled: [String]
        do {
            filled = try PostgresStore(address: address, password: password).filledTables()
        } catch PostgresStoreError.foreignDatabase(_, let reason) {
            throw CommandFailure.user("--store: \(address) is not a failover database (\(reason)); the bench left it untouched: create an empty one (createdb) and point --store at it")
        }
        guard filled.isEmpty else {
            throw CommandFailure.user("--store: \(address) already holds failover data (in \(filled.joined(separator: ", "))); the bench fills an empty database and leaves its fleet there: create a new one (createdb) and point --store at it")
        }
        return ScaleBenchmark.PostgresTarget(url: address.description, passwordVariable: storePasswordEnv)
    }

    /// One `failover render` in process; the seconds of its snapshot read.
    private static func snapshotRead(config: LoadedConfig, store: any Store, now: Timestamp, site: String) throws -> Double {
        let report = try SiteRenderer(config: config, store: store, resources: try SiteResources.locate(templates: nil), environment: ProcessInfo.processInfo.environment)
            .render(to: site, now: now)
        guard let phase = report.phases.first(where: { $0.name == "read the snapshot" }) else { throw CommandFailure(disposition: .internalFault, operatorLines: ["bench: render reported no snapshot phase"]) }
        return phase.seconds
    }
}
