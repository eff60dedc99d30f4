import Foundation
import EvalKitSuite

/// A case the runner is to run, with its place in its suite.
public struct PlannedCase: Sendable {
    public var resolved: ResolvedCase
    /// The case's position in its suite, from 0, recorded in its report (`CaseReport.index`).
    public var index: Int?

    public init(resolved: ResolvedCase, index: Int? = nil) {
        self.resolved = resolved
        self.index = index
    }
}
