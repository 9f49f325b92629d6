import Foundation
import Testing

/// deploy/systemd/ checked by systemd's own tools (Debian's `systemd`): `systemd-analyze verify`
/// loads the units as the manager would and refuses an ExecStart binary that is not there, so each
/// test verifies a copy whose binary path names the `failover` just built; nothing else is changed.
@Suite struct SystemdUnitTests {
    static let folder = CLI.repositoryRoot.appendingPathComponent("deploy/systemd")
    static let installedBinary = "/usr/local/bin/failover"
    static let units = ["failover-render.service", "failover-render.path", "failover-render.timer"]

    /// The units copied into `scratch` with the built binary in place of the installed one.
    static func copies(in scratch: ScratchDirectory) throws -> [String] {
        try units.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return try scratch.write(name, text.replacingOccurrences(of: installedBinary, with: CLI.binary.path))
        }
    }

    @Test func theUnitsPassSystemdAnalyzeVerify() throws {
        let analyze = try ExternalTool.path("systemd-analyze", package: "systemd")
        let scratch = try ScratchDirectory()
        let paths = try Self.copies(in: scratch)
        let verify = try ExternalTool.run(analyze, ["verify", "--man=no"] + paths)
        // An unknown key or section is only a warning (exit 0): any output at all fails the test.
        #expect(verify.status == 0 && verify.output.isEmpty, "systemd-analyze verify: \(verify.output)")
    }

    @Test func verifyWouldCatchAMistake() throws {
        let analyze = try ExternalTool.path("systemd-analyze", package: "systemd")
        let scratch = try ScratchDirectory()
        let service = try Self.copies(in: scratch)[0]
        let text = try String(contentsOfFile: service, encoding: .utf8)
        try (text + "ProtectSystm=strict\n").write(toFile: service, atomically: true, encoding: .utf8)
        #expect(try ExternalTool.run(analyze, ["verify", "--man=no", service]).output.contains("ProtectSystm"))
        try text.replacingOccurrences(of: CLI.binary.path, with: "/nonexistent/failover").write(toFile: service, atomically: true, encoding: .utf8)
        #expect(try ExternalTool.run(analyze, ["verify", "--man=no", service]).status != 0, "a missing binary fails verify")
    }

    @Test func theServiceRendersAfterTheCycleAndIsHardened() throws {
        let analyze = try ExternalTool.path("systemd-analyze", package: "systemd")
        let service = try String(contentsOf: Self.folder.appendingPathComponent("failover-render.service"), encoding: .utf8)
        let lines = Set(service.split(separator: "\n").map(String.init))
        for required in ["Type=oneshot", "ExecStart=\(Self.installedBinary) render --config /srv/fleet/failover.yaml", "ProtectSystem=strict",
                         "NoNewPrivileges=yes", "ReadWritePaths=/var/lib/failover /run/failover", "RuntimeDirectoryPreserve=yes"] {
            #expect(lines.contains(required), "\(required)")
        }
        // The path and timer units start the service, and nothing else.
        for unit in ["failover-render.path", "failover-render.timer"] {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(unit), encoding: .utf8)
            #expect(text.contains("\nUnit=failover-render.service\n"), "\(unit) starts the render service")
        }
        let path = try String(contentsOf: Self.folder.appendingPathComponent("failover-render.path"), encoding: .utf8)
        let dispatcher = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("examples/dispatcher.sh"), encoding: .utf8)
        #expect(path.contains("PathChanged=/run/failover/cycle-done") && dispatcher.contains("cycle-done"), "the dispatcher example marks the cycle the path unit waits for")
        // systemd's own exposure score for the service (0 best, 10 worst): at most 2, "OK".
        let scratch = try ScratchDirectory()
        let copy = try Self.copies(in: scratch)[0]
        let security = try ExternalTool.run(analyze, ["security", "--offline=true", "--no-pager", copy])
        let score = security.output.split(separator: "\n").first { $0.contains("Overall exposure level") }
            .flatMap { $0.split(separator: ":").last?.split(separator: " ").first }.flatMap { Double($0) }
        #expect(try #require(score, "no exposure level in: \(security.output)") <= 2.0)
    }
}
