import Foundation

/// Splits `record` input into numbered lines as it arrives, a megabyte at a time, handing each line
/// to the caller as a view into the read buffer (no copy, no allocation per line). A line longer
/// than `OutcomeParser.maximumLineBytes` is counted and dropped as it streams past, so no input,
/// however long its lines, can exhaust memory or hold the write lock while it is parsed.
package struct OutcomeLines {
    package struct Line {
        package enum Content {
            /// Valid only during the callback that receives it.
            case bytes(UnsafeBufferPointer<UInt8>)
            /// Dropped unread; how many bytes it had.
            case tooLong(Int)
        }

        package var number: Int
        package var content: Content
    }

    /// The start of a line that continues in the next chunk.
    private var partial: [UInt8] = []
    private var partialBytes = 0
    private var partialTooLong = false
    /// The last byte kept or counted, to tell a CRLF line's CR from its text.
    private var partialLast: UInt8?
    private var number = 0
    private let limit: Int

    package init(limit: Int = OutcomeParser.maximumLineBytes) {
        self.limit = limit
    }

    /// Hands every line completed by `chunk` to `body`.
    package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Line) throws -> Void) rethrows {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk[start...].firstIndex(of: 0x0A) else {
                keep(UnsafeBufferPointer(rebasing: chunk[start...]))
                return
            }
            let piece = UnsafeBufferPointer(rebasing: chunk[start ..< newline])
            if partialBytes == 0 && !partialTooLong {
                try emit(piece, body)
            } else {
                keep(piece)
                try flush(body)
            }
            start = newline + 1
        }
    }

    /// Ends the input: a last line without a newline still counts.
    package mutating func finish(_ body: (Line) throws -> Void) rethrows {
        if partialBytes > 0 || partialTooLong { try flush(body) }
    }

    /// Every line of a file or pipe, read a megabyte at a time.
    package static func read(_ handle: FileHandle, _ body: (Line) throws -> Void) throws {
        var lines = OutcomeLines()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            try chunk.withUnsafeBytes { try lines.feed($0.bindMemory(to: UInt8.self), body) }
        }
        try lines.finish(body)
    }

    /// Every line of text already in memory.
    package static func read(_ data: Data, _ body: (Line) throws -> Void) rethrows {
        var lines = OutcomeLines()
        try data.withUnsafeBytes { try lines.feed($0.bindMemory(to: UInt8.self), body) }
        try lines.finish(body)
    }

    private mutating func keep(_ piece: UnsafeBufferPointer<UInt8>) {
        partialBytes += piece.count
        if let last = piece.last { partialLast = last }
        guard !partialTooLong else { return }
        // One byte over may be a CRLF line's CR: `flush` decides when the line ends.
        if partialBytes > limit + 1 {
            partialTooLong = true
            partial = []
        } else {
            partial.append(contentsOf: piece)
        }
    }

    private mutating func flush(_ body: (Line) throws -> Void) rethrows {
        if partialTooLong {
            number += 1
            try body(Line(number: number, content: .tooLong(partialBytes - (partialLast == 0x0D ? 1 : 0))))
        } else {
            let held = partial
            try held.withUnsafeBufferPointer { try emit($0, body) }
        }
        partial.removeAll(keepingCapacity: true)
        partialBytes = 0
        partialTooLong = false
        partialLast = nil
    }

    private mutating func emit(_ line: UnsafeBufferPointer<UInt8>, _ body: (Line) throws -> Void) rethrows {
        number += 1
        // The limit is on the outcome's text: a CRLF line's CR belongs to the line ending.
        let text = line.last == 0x0D ? line.count - 1 : line.count
        guard text <= limit else { return try body(Line(number: number, content: .tooLong(text))) }
        var line = line
        // A byte-order mark is not part of the first line's JSON.
        if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeBufferPointer(rebasing: line[3...])
        }
        try body(Line(number: number, content: .bytes(line)))
    }
}
