import Foundation
import EvalKitSupport

/// `similar: S`: the normalized Levenshtein similarity of the trimmed output to S is at least `min`.
///
/// Similarity is 1 − distance / longer length, counted in Unicode scalars. Only distances up to
/// the most that `min` allows are computed in full, so a long output is judged quickly; a failure
/// shows the exact similarity when that is cheap to find, else says it is below `min`. A
/// computation that runs past the context's timeout is an error.
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

    /// The most table cells a failure computes to show its exact similarity, beyond those the
    /// verdict needed.
    static let exactSimilarityCells = 1 << 24

    /// How a comparison ended.
    private enum Comparison: Sendable {
        /// The similarity, known exactly.
        case similarity(Double)
        /// Below the minimum, by how much not known.
        case belowMinimum
        case stopped(MatchBudget.Stop)
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        let a = EditDistance.scalars(output.trimmingCharacters(in: .whitespacesAndNewlines))
        let b = EditDistance.scalars(expected.trimmingCharacters(in: .whitespacesAndNewlines))
        let minimum = minimum
        let comparison = await MatchBudget.run(timeout: context.timeout) { budget in Self.compare(a, b, minimum: minimum, budget: budget) }
        switch comparison {
        case .similarity(let similarity):
            return verdict(similarity >= minimum, output: output, detail: String(format: " (similarity %.2f)", similarity), expected: expected)
        case .belowMinimum:
            return verdict(false, output: output, detail: " (similarity below \(minimum))", expected: expected)
        case .stopped(.timedOut):
            return error("\(description) ran past the case's timeout of \(context.timeout.secondsText) s", output: output)
        case .stopped(.cancelled):
            return error("\(description) was interrupted", output: output)
        }
    }

    private static func compare(_ a: [UInt32], _ b: [UInt32], minimum: Double, budget: MatchBudget) -> Comparison {
        let longer = max(a.count, b.count)
        guard longer > 0 else { return .similarity(1) }
        func similarity(_ distance: Int) -> Double { 1 - Double(distance) / Double(longer) }
        // The largest distance that still reaches the minimum, found with the same arithmetic
        // as the verdict so rounding cannot disagree with it.
        let estimate = (1 - minimum) * Double(longer)
        var allowed = estimate.isNaN ? -1 : Int(min(max(estimate, -1), Double(longer)).rounded(.down))
        while allowed < longer, similarity(allowed + 1) >= minimum { allowed += 1 }
        while allowed >= 0, !(similarity(allowed) >= minimum) { allowed -= 1 }
        let stop = { budget.exhausted != nil }
        switch EditDistance.distance(a, b, atMost: allowed, stop: stop) {
        case .exactly(let distance):
            return .similarity(similarity(distance))
        case .stopped:
            return .stopped(budget.exhausted ?? .timedOut)
        case .beyond:
            let (cells, overflow) = a.count.multipliedReportingOverflow(by: b.count)
            guard !overflow, cells <= exactSimilarityCells else { return .belowMinimum }
            switch EditDistance.distance(a, b, atMost: longer, stop: stop) {
            case .exactly(let distance): return .similarity(similarity(distance))
            case .beyond: return .belowMinimum
            case .stopped: return .stopped(budget.exhausted ?? .timedOut)
            }
        }
    }

    private func error(_ message: String, output: String) -> MatchResult {
        MatchResult(.error, matcher: name, message: message, actual: output)
    }
}
