import FailoverCore
import FailoverEngine
@testable import FailoverSite
import Foundation
import Testing

@Suite struct PublishTests {
    @Test func aReaderNeverSeesTheSiteMissingWhileRendersRun() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let reader = FolderReader(site: fleet.siteFolder)
        reader.start()
        for minute in 1...30 { try fleet.render(at: RenderedFleet.t0 + .minutes(minute)) }
        let (reads, misses) = reader.stop()
        #expect(reads > 15)
        #expect(misses == 0)
    }

    @Test func unchangedFilesKeepTheirBytesAndMtimeAndPastDaysNeverChange() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        func stamp(_ path: String) throws -> (Date, Int) {
            let attributes = try FileManager.default.attributesOfItem(atPath: fleet.siteFolder + "/" + path)
            return (attributes[.modificationDate] as! Date, (attributes[.systemFileNumber] as! NSNumber).intValue)
        }
        let yesterday = try stamp("events/2026-11-23.html")
        let css = try stamp("style.css")
        let yesterdayText = try fleet.text("events/2026-11-23.html")
        Thread.sleep(forTimeInterval: 1.1)
        try fleet.render(at: RenderedFleet.t0 + .hours(1))
        #expect(try stamp("events/2026-11-23.html") == yesterday)
        #expect(try stamp("style.css") == css)
        #expect(try fleet.text("events/2026-11-23.html") == yesterdayText)
        #expect(try fleet.text("index.html").contains("2026-11-24T11:00:00Z"))
    }

    @Test func agentPagesAreRebuiltOnlyWhenTheAgentChanges() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        func stamp(_ path: String) throws -> Int {
            ((try FileManager.default.attributesOfItem(atPath: fleet.siteFolder + "/" + path))[.systemFileNumber] as! NSNumber).intValue
        }
        let reviewer = (try stamp("agents/reviewer-1.html"), try stamp("agents/reviewer-1.json"))
        let coder = try stamp("agents/coder-1.html")
        let beat = try fleet.text("heartbeat.json")
        // coder-1 fails again; reviewer-1 does nothing. Same hour, so usage windows do not move.
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: #"{"agent":"coder-1","at":"2026-11-24T10:20:00Z","outcome":"error","status":429,"error_type":"rate_limit_error"}"#, now: RenderedFleet.t0 + .minutes(20))
        let report = try fleet.render(at: RenderedFleet.t0 + .minutes(21))
        #expect(try stamp("agents/reviewer-1.html") == reviewer.0 && stamp("agents/reviewer-1.json") == reviewer.1)
        #expect(try stamp("agents/coder-1.html") != coder)
        #expect(try fleet.text("agents/coder-1.html").contains("rate_limit_error"))
        #expect(try fleet.text("heartbeat.json") != beat)
        #expect(report.kept > 0)
    }

    @Test func generationsStayConsistentAcrossManyRenders() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        let runner = RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
        for round in 1...6 {
            let agent = ["coder-1", "coder-2", "reviewer-1"][round % 3]
            let report = try runner.run(input: #"{"agent":"\#(agent)","at":"\#(RenderedFleet.t0 + .minutes(round * 20))","outcome":"error","status":429}"#, now: RenderedFleet.t0 + .minutes(round * 20))
            #expect(report.rejected.isEmpty && report.results.count == 1)
            try fleet.render(at: RenderedFleet.t0 + .minutes(round * 20 + 1))
            let files = try fleet.files()
            for (path, data) in files where path.hasSuffix(".html") || (path.hasSuffix(".json") && path != SiteManifest.fileName) {
                #expect(try gunzip(#require(files[path + ".gz"], "\(path).gz")) == data, "round \(round): \(path).gz is stale")
            }
        }
        // The generation before last is reused as the staging folder: no fresh folders pile up.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fleet.folder)
        #expect(siblings.contains(".public.previous"))
        #expect(!siblings.contains { $0.contains("staging") })
    }

    @Test func aRemovedAgentsPagesGo() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        for minute in 0..<3 { try fleet.render(at: RenderedFleet.t0 + .minutes(minute)) }
        try RenderedFleet.yaml.replacingOccurrences(of: "[coder-1, coder-2]", with: "[coder-1]").write(toFile: fleet.configPath, atomically: true, encoding: .utf8)
        try fleet.render(at: RenderedFleet.t0 + .minutes(5))
        let files = try fleet.files()
        #expect(files["agents/coder-2.html"] == nil && files["agents/coder-2.html.gz"] == nil && files["agents/coder-2.json"] == nil)
        #expect(files["agents/coder-1.html"] != nil)
    }

    @Test func aHalfUpdatedPreviousGenerationIsNeverReused() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        for minute in 0..<3 { try fleet.render(at: RenderedFleet.t0 + .minutes(minute)) }
        // A render died after claiming the previous generation: its manifest is gone, its files are junk.
        let previous = fleet.folder + "/.public.previous"
        try FileManager.default.removeItem(atPath: previous + "/" + SiteManifest.fileName)
        try "junk".write(toFile: previous + "/index.html", atomically: false, encoding: .utf8)
        try fleet.render(at: RenderedFleet.t0 + .minutes(5))
        #expect(try fleet.text("index.html").contains("2026-11-24T10:05:00Z"))
        #expect(try fleet.text("style.css").contains("failover status site"))
    }

    @Test func aPastDayThatGainsEventsIsRebuilt() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        let before = try fleet.text("events/2026-11-23.html")
        // A late batch carries an outcome from yesterday.
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: #"{"agent":"coder-2","at":"2026-11-23T23:59:00Z","outcome":"error","status":401,"error_type":"authentication_error"}"#, now: RenderedFleet.t0)
        try fleet.render(at: RenderedFleet.t0 + .minutes(2))
        #expect(try fleet.text("events/2026-11-23.html") != before)
    }

    @Test func aFolderNotWrittenByRenderIsNeverReplaced() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try FileManager.default.createDirectory(atPath: fleet.siteFolder, withIntermediateDirectories: true)
        try "precious".write(toFile: fleet.siteFolder + "/notes.txt", atomically: true, encoding: .utf8)
        #expect { try fleet.render() } throws: { error in
            (error as? PublishError)?.isUserError == true && "\(error)".contains("was not written by failover render")
        }
        #expect(try fleet.text("notes.txt") == "precious")
    }

    @Test func aSiteFromAnOlderVersionIsStillOurs() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try FileManager.default.createDirectory(atPath: fleet.siteFolder, withIntermediateDirectories: true)
        try "{}".write(toFile: fleet.siteFolder + "/.failover-manifest.json", atomically: true, encoding: .utf8)
        try "old".write(toFile: fleet.siteFolder + "/index.html", atomically: true, encoding: .utf8)
        try fleet.render()
        #expect(try fleet.text("index.html").contains("<!doctype html>"))
        #expect(try fleet.files()[".failover-manifest.json"] == nil)
    }

    @Test func noStagingFoldersAreLeftBehind() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fleet.folder).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }
}

func gunzip(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return result
}

/// Lists the site folder and opens index.html in a tight loop on its own thread, as nginx would.
final class FolderReader: Sendable {
    private struct Counts {
        var running = true
        var reads = 0
        var misses = 0
    }

    private let site: String
    private let counts = LockedBox(Counts())
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(site: String) {
        self.site = site
    }

    func start() {
        Thread.detachNewThread { [self] in
            started.signal()
            while counts.withLockedValue({ $0.running }) {
                let listing = (try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []
                let missing = !listing.contains("index.html") || FileManager.default.contents(atPath: site + "/index.html") == nil
                counts.withLockedValue {
                    $0.reads += 1
                    if missing { $0.misses += 1 }
                }
            }
            finished.signal()
        }
        started.wait()
    }

    func stop() -> (reads: Int, misses: Int) {
        counts.withLockedValue { $0.running = false }
        finished.wait()
        return counts.withLockedValue { ($0.reads, $0.misses) }
    }
}
