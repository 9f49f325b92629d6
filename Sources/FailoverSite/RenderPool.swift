import FailoverCore
import Foundation

/// Renders pages on every core while the calling thread goes on reading the next page's data from
/// the database (one connection, so reads stay on one thread). At most `width` pages wait or run at
/// once, which bounds memory however large the ledger. The first error wins and is rethrown.
final class RenderPool: Sendable {
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    /// The first error any page threw; once set, pages not yet started are skipped.
    private let failure = LockedBox<(any Error)?>(nil)

    init(width: Int = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)) {
        slots = DispatchSemaphore(value: width)
    }

    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        if let failure = failure.withLockedValue({ $0 }) { throw failure }
        slots.wait()
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            guard failure.withLockedValue({ $0 == nil }) else { return }
            do { try work() } catch { failure.withLockedValue { if $0 == nil { $0 = error } } }
        }
    }

    /// Waits for every page submitted so far.
    func finish() throws {
        group.wait()
        if let failure = failure.withLockedValue({ $0 }) { throw failure }
    }
}
