import ArgumentParser
import ConfigLoader
import FailoverEngine
import FailoverSite
import Foundation

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the static status site and JSON exports into site_dir (or --out).",
        discussion: """
            Run by the batch job after each cycle. Publishes atomically: readers see the old complete site or the new
            complete one. Files whose bytes did not change keep their inode and mtime. Refuses to replace a folder it
            did not write.
            """
    )

    @OptionGroup var config: ConfigOption
    @OptionGroup var now: NowOption

    @Option(help: ArgumentHelp("Write here instead of service.site_dir.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Use these Mustache templates instead of the built-in ones.", valueName: "dir"))
    var templates: String?

    func run() throws {
        let loaded = try Session.load(config)
        if let out {
            try PathArgument.checkCreatable(out, named: "--out")
            // site_dir passed validate; a folder named here gets the same refusals, before anything is opened.
            let problems = ServicePaths(loaded).problems(publishingTo: out)
            if !problems.isEmpty { throw CommandFailure.user(lines: problems) }
        }
        let store = try Session.open(loaded)
        let resources = try SiteResources.locate(templates: templates)
        let target = out.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? loaded.siteDirectory
        let started = Date()
        let report = try SiteRenderer(config: loaded, store: store, resources: resources, environment: ProcessInfo.processInfo.environment)
            .render(to: target, now: try now.timestamp())
        let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
        for phase in report.phases { EventLog.logger.debug("render: \(phase.name): \(Int(phase.seconds * 1000)) ms") }
        Console.out("rendered \(report.files) files (\(report.written) changed) into \(target) in \(milliseconds) ms")
    }
}
