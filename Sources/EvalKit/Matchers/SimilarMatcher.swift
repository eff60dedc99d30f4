import Foundation

/// `similar: S`: the normalized Levenshtein similarity of the trimmed output to S is at least `min`.
public struct SimilarMatcher: Matcher {
    public var expected: String
    /// From 0 to 1; 0.8 by default.
    public var minimum: Double

    public init(_ expected: String, min minimum: Double = 0.8) {
        self.expected = expected
        self.minimum = minimum
    }

    public var name: String { "similar" }
    public var description: String { "similar \(Visible.quoted(expected)) (min \(minimum))" }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to be similar to " : "to be similar to ") + "\(Visible.quoted(expected)) (similarity ≥ \(minimum))"
    }

    /// The similarity of the trimmed texts, from 0 to 1.
    public func similarity(of output: String) -> Double {
        EditDistance.similarity(
            output.trimmingCharacters(in: .whitespacesAndNewlines), expected.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let similarity = similarity(of: output)
        return verdict(similarity >= minimum, output: output, detail: String(format: " (similarity %.2f)", similarity), expected: expected)
    }
}
