/// Token arithmetic that cannot trap. Per-outcome counts are bounded where they enter, so real sums
/// stay far from the limits; saturating keeps a database written before those bounds (or damaged)
/// from stopping every later `record` and `render`.
extension Int {
    package func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    package func multipliedSaturating(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }

    /// The nearest Int to `value`, rounding toward zero; 0 for NaN.
    package init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.223372036854775807e18 {
            self = .max
        } else if value <= -9.223372036854775808e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
