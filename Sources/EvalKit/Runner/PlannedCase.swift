import Foundation

/// A case the runner was asked about: run it, or report it skipped with a reason.
public struct PlannedCase: Sendable {
    public var resolved: ResolvedCase
    /// When set, the case is not run and is reported `skipped` with this reason.
    public var skip: SkipReason?

    public init(resolved: ResolvedCase, skip: SkipReason? = nil) {
        self.resolved = resolved
        self.skip = skip
    }
}
