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
    /// Inline cases first, then each dataset in order; only the inline ones when the datasets'
    /// cases are streamed (`datasetCases`).
    public var cases: [Case]
    /// The datasets' cases when the suite was loaded to stream them (SPEC §11); nil when `cases`
    /// holds every case.
    public var datasetCases: DatasetCases?

    public init(name: String, description: String? = nil, source: SourceFile, directory: URL, defaultTarget: String, targets: [Target], defaults: Defaults = Defaults(), gate: GateConfig = GateConfig(), goldenMatcher: String? = nil, goldenStrict: Bool = false, cases: [Case], datasetCases: DatasetCases? = nil) {
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
        self.datasetCases = datasetCases
    }

    public func target(named name: String) -> Target? {
        targets.first { $0.name == name }
    }

    /// How many cases the suite has, inline and from datasets.
    public var caseCount: Int { cases.count + (datasetCases?.count ?? 0) }

    /// A reader of every case in suite order, held or streamed.
    public func makeCaseCursor() -> CaseCursor {
        CaseCursor(held: cases, streamed: datasetCases?.makeCursor())
    }

    /// Reads a suite's cases in order: those held, then those streamed from its datasets.
    public struct CaseCursor {
        private let held: [Case]
        private var position = 0
        private var streamed: DatasetCases.Cursor?

        init(held: [Case], streamed: DatasetCases.Cursor?) {
            self.held = held
            self.streamed = streamed
        }

        /// The next case, or nil after the last.
        public mutating func next() -> Case? {
            if position < held.count {
                position += 1
                return held[position - 1]
            }
            return streamed?.next()
        }
    }
}

/// How a case with repeats passes (SPEC §5.4).
public enum PassRule: Sendable, Equatable {
    case all
    case majority
    case atLeast(Int)
}

