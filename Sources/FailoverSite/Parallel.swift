import Foundation

/// Runs independent page renders on every core. The first error wins and is rethrown.
enum Parallel {
    static func forEach<Item: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) throws -> Void) throws {
        guard items.count > 1 else {
            try items.forEach(body)
            return
        }
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            guard !failure.isSet else { return }
            do { try body(items[index]) } catch { failure.set(error) }
        }
        if let error = failure.error { throw error }
    }

    private final class FirstError: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Error?
        var isSet: Bool { lock.withLock { stored != nil } }
        var error: Error? { lock.withLock { stored } }
        func set(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
    }
}
