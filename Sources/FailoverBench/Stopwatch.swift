import Foundation

/// Wall-clock timing for benchmarks (never for tests).
package enum Stopwatch {
    package struct Timed<T> {
        package var result: T
        package var seconds: Double
    }

    package static func measure<T>(_ body: () throws -> T) rethrows -> Timed<T> {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return Timed(result: result, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
