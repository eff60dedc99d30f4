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
    public var cases: PlannedCases

    public init(suite: String, target: Suite.ResolvedTarget, provider: any Provider, judged: Bool = true, directory: URL = URL(fileURLWithPath: "."), cases: [PlannedCase]) {
        self.init(suite: suite, target: target, provider: provider, judged: judged, directory: directory, cases: PlannedCases(cases))
    }

    public init(suite: String, target: Suite.ResolvedTarget, provider: any Provider, judged: Bool = true, directory: URL = URL(fileURLWithPath: "."), cases: PlannedCases) {
        self.suite = suite
        self.target = target
        self.provider = provider
        self.judged = judged
        self.directory = directory
        self.cases = cases
    }
}

/// A unit's cases in suite order, each made when it is read, so a run of many cases never holds
/// them all resolved at once (SPEC §11); or given whole.
public struct PlannedCases: RandomAccessCollection, Sendable {
    public let count: Int
    private let make: @Sendable (Int) -> PlannedCase

    public init(_ cases: [PlannedCase]) {
        self.count = cases.count
        self.make = { cases[$0] }
    }

    /// `count` cases, the one at position `i` (from 0) made by `make(i)`.
    public init(count: Int, make: @escaping @Sendable (Int) -> PlannedCase) {
        self.count = count
        self.make = make
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> PlannedCase { make(position) }
}
