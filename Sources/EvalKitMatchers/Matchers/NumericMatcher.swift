import Foundation

/// `numeric: N`: the output's number equals N within an absolute or relative tolerance.
///
/// The output's number is the whole trimmed output when that is a number in digits, English words
/// or Roman numerals, else the first number in digits in it (`NumberReader.number(in:)`). It passes
/// when `|got − N| ≤ tolerance` or, with a relative tolerance, `|got − N| ≤ relativeTolerance × |N|`.
public struct NumericMatcher: Matcher {
    public var expected: Decimal
    public var tolerance: Decimal
    public var relativeTolerance: Decimal?

    public init(_ expected: Decimal, tolerance: Decimal = 0, relativeTolerance: Decimal? = nil) {
        self.expected = expected
        self.tolerance = tolerance
        self.relativeTolerance = relativeTolerance
    }

    /// N written in any form a suite may use: digits, English words or a Roman numeral.
    public init?(reading text: String, tolerance: Decimal = 0, relativeTolerance: Decimal? = nil) {
        guard let number = NumberReader.whole(text) else { return nil }
        self.init(number.value, tolerance: tolerance, relativeTolerance: relativeTolerance)
    }

    public var name: String { "numeric" }
    public var description: String { "numeric \(expected) \(bounds)" }

    private var bounds: String {
        guard let relativeTolerance else { return "(±\(tolerance))" }
        let percent = "±\(relativeTolerance * 100)%"
        return tolerance == 0 ? "(\(percent))" : "(±\(tolerance) or \(percent))"
    }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to be a number equal to " : "a number equal to ") + "\(expected) \(bounds)"
    }

    public func accepts(_ value: Decimal) -> Bool {
        let difference = (value - expected).magnitude
        if difference <= tolerance { return true }
        if let relativeTolerance, difference <= relativeTolerance * expected.magnitude { return true }
        return false
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        guard let value = NumberReader.number(in: output) else {
            return verdict(false, output: output, detail: " (no number)")
        }
        return verdict(accepts(value), output: output, detail: " (\(value))")
    }
}
