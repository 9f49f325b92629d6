import Foundation

/// Splits `record` input into numbered lines as it arrives, holding at most one line in memory: a
/// line longer than `OutcomeParser.maximumLineBytes` is counted and dropped as it streams past, so
/// no input, however long its lines, can exhaust memory or hold the write lock while it is parsed.
package struct OutcomeLines {
    package struct Line: Sendable {
        package enum Content: Sendable {
            case bytes(Data)
            /// Dropped unread; how many bytes it had.
            case tooLong(Int)
        }

        package var number: Int
        package var content: Content
    }

    private var partial = Data()
    private var partialTooLong = false
    private var partialBytes = 0
    private var number = 0
    private var ready: [Line] = []
    private let limit: Int

    package init(limit: Int = OutcomeParser.maximumLineBytes) {
        self.limit = limit
    }

    /// Adds the next piece of input.
    package mutating func feed(_ chunk: Data) {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: 0x0A)
            let end = newline ?? chunk.endIndex
            append(chunk[start ..< end])
            guard let newline else { return }
            closeLine()
            start = newline + 1
        }
    }

    /// Ends the input: a last line without a newline still counts.
    package mutating func finish() {
        if partialBytes > 0 || partialTooLong { closeLine() }
    }

    /// The complete lines so far, in order.
    package mutating func take() -> [Line] {
        defer { ready.removeAll(keepingCapacity: true) }
        return ready
    }

    /// Every line of a file or pipe, read a megabyte at a time.
    package static func read(_ handle: FileHandle, _ body: (Line) throws -> Void) throws {
        var lines = OutcomeLines()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            lines.feed(chunk)
            for line in lines.take() { try body(line) }
        }
        lines.finish()
        for line in lines.take() { try body(line) }
    }

    private mutating func append(_ piece: Data) {
        partialBytes += piece.count
        guard !partialTooLong else { return }
        if partialBytes > limit {
            partialTooLong = true
            partial = Data()
        } else {
            partial.append(piece)
        }
    }

    private mutating func closeLine() {
        number += 1
        // A byte-order mark is not part of the first line's JSON.
        if number == 1, partial.starts(with: [0xEF, 0xBB, 0xBF]) { partial.removeFirst(3) }
        ready.append(Line(number: number, content: partialTooLong ? .tooLong(partialBytes) : .bytes(partial)))
        partial = Data()
        partialTooLong = false
        partialBytes = 0
    }
}
