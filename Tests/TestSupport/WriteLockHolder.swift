import Foundation
import GRDB

/// Holds another connection's `BEGIN IMMEDIATE` on a database, as a long `record` in another process
/// would, until released. Its own thread, not a shared queue's: a busy test run must not delay the
/// lock or its release.
package final class WriteLockHolder: Sendable {
    private let release = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    package enum HolderError: Error { case couldNotLock }

    package init(path: String) throws {
        // Waits for the lock like a writer would (a verb that just exited may still be checkpointing).
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let locked = DispatchSemaphore(value: 0)
        let release = release, finished = finished
        Thread {
            _ = try? queue.inTransaction(.immediate) { _ in
                locked.signal()
                release.wait()
                return .rollback
            }
            finished.signal()
        }.start()
        guard locked.wait(timeout: .now() + 10) == .success else { throw HolderError.couldNotLock }
    }

    package func release(after delay: TimeInterval = 0) {
        let release = release
        Thread {
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            release.signal()
        }.start()
    }

    package func waitUntilReleased() { finished.wait() }
}
