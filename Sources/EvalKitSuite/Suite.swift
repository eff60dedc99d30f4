import Foundation
import YAMLLite
import EvalKitSupport
import EvalKitResults

/// A loaded, validated suite file: its targets and cases with their source marks.
public struct Suite: Sendable {
    public var name: String
    public var description: String?
    public var source: SourceFile
    /// The suite file's folder; datasets, `script` and `command` paths are relative to it.
    public var directory: URL
    public var defaultTarget: String
    public var targets: [Target]
    public var defaults: Defaults
    public var gate: GateConfig
    /// A matcher name (`numeric`, …) used instead of exact comparison for golden checks.
    public var goldenMatcher: String?
    public var goldenStrict: Bool
    /// Inline cases first, then each dataset in order.
    public var cases: [Case]

    public init(name: String, description: String? = nil, source: SourceFile, directory: URL, defaultTarget: String, targets: [Target], defaults: Defaults = Defaults(), gate: GateConfig = GateConfig(), goldenMatcher: String? = nil, goldenStrict: Bool = false, cases: [Case]) {
        self.name = name
        self.description = description
        self.source = source
        self.directory = directory
        self.defaultTarget = defaultTarget
        self.targets = targets
        self.defaults = defaults
        self.gate = gate
        self.goldenMatcher = goldenMatcher
        self.goldenStrict = goldenStrict
        self.cases = cases
    }

    public func target(named name: String) -> Target? {
        targets.first { $0.name == name }
    }
}

/// How a case with repeats passes (SPEC §5.4).
public enum PassRule: Sendable, Equatable {
    case all
    case majority
    case atLeast(Int)
}

