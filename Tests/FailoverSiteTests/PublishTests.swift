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
        // coder-1 recovers; reviewer-1 does nothing. Same hour, so usage windows do not move.
        _ = try RecordRunner(config: try fleet.config(), store: try fleet.store(), environment: fleet.environment)
            .run(input: #"{"agent":"coder-1","at":"2026-11-24T10:20:00Z","outcome":"success"}"#, now: RenderedFleet.t0 + .minutes(20))
        let report = try fleet.render(at: RenderedFleet.t0 + .minutes(21))
        #expect(try stamp("agents/reviewer-1.html") == reviewer.0 && stamp("agents/reviewer-1.json") == reviewer.1)
        #expect(try stamp("agents/coder-1.html") != coder)
        #expect(try fleet.text("agents/coder-1.html").contains("Recovered"))
        #expect(try fleet.text("heartbeat.json") != beat)
        #expect(report.kept > 0)
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

    @Test func noStagingFoldersAreLeftBehind() throws {
        let fleet = try RenderedFleet()
        try fleet.simulate()
        try fleet.render()
        try fleet.render(at: RenderedFleet.t0 + .minutes(1))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fleet.folder).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }
}

/// Lists the site folder and opens index.html in a tight loop on its own thread, as nginx would.
final class FolderReader: @unchecked Sendable {
    private let site: String
    private let lock = NSLock()
    private var running = true
    private var reads = 0
    private var misses = 0
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(site: String) {
        self.site = site
    }

    func start() {
        Thread.detachNewThread { [self] in
            started.signal()
            while lock.withLock({ running }) {
                let listing = (try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []
                let missing = !listing.contains("index.html") || FileManager.default.contents(atPath: site + "/index.html") == nil
                lock.withLock {
                    reads += 1
                    if missing { misses += 1 }
                }
            }
            finished.signal()
        }
        started.wait()
    }

    func stop() -> (reads: Int, misses: Int) {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { (reads, misses) }
    }
}
