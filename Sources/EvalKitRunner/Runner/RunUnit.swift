import Foundation
import EvalKitSuite
import EvalKitProviders

/// The cases of one suite to run against one target, with the provider that reaches it.
public struct RunUnit: Sendable {
    public var suite: String
    public var target: Suite.ResolvedTarget
    public var provider: any Provider
    /// Whether the target is judged (a `--target`) rather than a baseline; the runner treats both alike.
    public var judged: Bool
    /// The suite file's folder, where `script` matchers run.
    public var directory: URL
    /// In suite order; results come back in this order.
    public var cases: [PlannedCase]

    public init(suite: String, target: Suite.ResolvedTarget, provider: any Provider, judged: Bool = true, directory: URL = URL(fileURLWithPath: "."), cases: [PlannedCase]) {
        self.suite = suite
        self.target = target
        self.provider = provider
        self.judged = judged
        self.directory = directory
        self.cases = cases
    }
}
