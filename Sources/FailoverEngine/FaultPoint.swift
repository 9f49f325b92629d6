import FailoverCore
import Foundation

/// A hook for the crash tests: with `FAILOVER_FAULT=<verb>.<point>` (or `<verb>.<point>:<n>`) the
/// process kills itself with SIGKILL the first (or n-th) time it reaches that point, exactly as a
/// power cut or the OOM killer would stop it there. Unset, it costs one comparison. Never set it
/// outside tests.
package enum FaultPoint {
    /// Which verb is running, so one point name (`env-write`) serves `cycle` and `record`.
    package static func enter(_ verb: String) {
        state.withLockedValue { $0.verb = verb }
    }

    package static func reach(_ point: String) {
        guard let target else { return }
        let hit = state.withLockedValue { state -> Bool in
            guard "\(state.verb).\(point)" == target.name else { return false }
            state.count += 1
            return state.count == target.occurrence
        }
        guard hit else { return }
        kill(getpid(), SIGKILL)
        // Still here: this is pid 1 of a pid namespace, which ignores its own SIGKILL. Ending at once,
        // running no cleanup, leaves the files exactly as the kill would have.
        _exit(128 + SIGKILL)
    }

    private static let target: (name: String, occurrence: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["FAILOVER_FAULT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()

    private struct State {
        var verb = ""
        var count = 0
    }

    private static let state = LockedBox(State())
}
