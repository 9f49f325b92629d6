import Foundation

/// Wall-clock timing for benchmarks (never for tests).
public enum Stopwatch {
    public static func measure<T>(_ body: () throws -> T) rethrows -> (result: T, seconds: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
