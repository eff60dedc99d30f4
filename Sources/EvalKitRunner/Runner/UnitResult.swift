import Foundation
import EvalKitResults

/// The reports of one run unit, in the unit's case order.
public struct UnitResult: Sendable {
    public var suite: String
    public var target: String
    public var cases: [CaseReport]
    /// Set when an authentication or not-found error stopped the target (SPEC §6), redacted.
    public var stopMessage: String?

    public init(suite: String, target: String, cases: [CaseReport], stopMessage: String? = nil) {
        self.suite = suite
        self.target = target
        self.cases = cases
        self.stopMessage = stopMessage
    }
}
