import Foundation

/// Renders pages on every core while the calling thread goes on reading the next page's data from
/// the database (one connection, so reads stay on one thread). At most `width` pages wait or run at
/// once, which bounds memory however large the ledger. The first error wins and is rethrown.
final class RenderPool: @unchecked Sendable {
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: Error?

    init(width: Int = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)) {
        slots = DispatchSemaphore(value: width)
    }

    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        if let failure = lock.withLock({ failure }) { throw failure }
        slots.wait()
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            guard lock.withLock({ failure == nil }) else { return }
            do { try work() } catch { lock.withLock { if failure == nil { failure = error } } }
        }
    }

    /// Waits for every page submitted so far.
    func finish() throws {
        group.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
