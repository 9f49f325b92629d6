import ArgumentParser
import FailoverCore
import FailoverDemo
import FailoverSite
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a sample fleet, simulate a day of traffic with faults, render the site, and say where it is.",
        discussion: """
            The day includes an auth failure burst, a 429 storm, a run of 5xx, a budget overrun, and an operator's
            pause and reset made by editing the config. Keys in the demo are fake and never leave its folder.
            """
    )

    @Option(help: ArgumentHelp("The scratch folder (replaced if a previous demo made it).", valueName: "dir"))
    var out: String = FileManager.default.temporaryDirectory.appendingPathComponent("failover-demo").path

    @OptionGroup var now: NowOption

    func run() throws {
        let resources = try SiteResources.locate()
        let result = try DemoScenario(folder: out, resources: resources, now: try now.timestamp()).run()
        let config = ShellWord.quoted(result.config), site = ShellWord.quoted((result.index as NSString).deletingLastPathComponent)
        Console.out("""
            Simulated a day: \(result.cycles) cycles, \(result.outcomes) task outcomes, \(result.events) ledger events.
            Config:  \(result.config)
            Site:    \(result.index)

            Look around:
              failover status --config \(config)
              failover events --config \(config) --since 24h
              python3 -m http.server --directory \(site) 8080   # then open http://127.0.0.1:8080/
            """)
    }
}
