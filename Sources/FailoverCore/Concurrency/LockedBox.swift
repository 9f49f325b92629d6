import Foundation

/// One value behind one lock, reached only through `withLockedValue` (the shape of swift-nio's
/// `NIOLockedValueBox`). Every piece of shared mutable state in the package (the render pool's first
/// error, the site writer's manifest and report, the folder lock's held flag, the console's redactor,
/// the fault hook's count) lives in boxes like this, so the compiler checks every other type's
/// `Sendable` conformance and this is the one place to audit.
package final class LockedBox<Value> {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value while holding the lock. Keep `body` short and never call back into
    /// the same box from it: the lock is not recursive.
    package func withLockedValue<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Sound because `value` is only ever touched under `lock`, and a `Sendable` value may cross threads.
extension LockedBox: @unchecked Sendable where Value: Sendable {}
