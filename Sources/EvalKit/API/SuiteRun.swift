import Foundation
import YAMLLite
import EvalKitResults
import EvalKitSuite
import EvalKitCompare
import EvalKitGolden
import EvalKitReporters
import EvalKitRunner

/// The results of running one suite from Swift code: every target's cases, the comparisons with
/// the baseline and the gates, as `evals run` would report them (no report is written).
///
/// ```swift
/// let run = try await Suite.load("suites/next-number.yaml-lite").run(targets: ["tuned"], baseline: "base")
/// #expect(run.passRate("tuned") ?? 0 >= 0.9)
/// ```
public struct SuiteRun: Sendable {
    /// How to run: the command line's options that make sense in code.
    public struct Options: Sendable {
        /// Where `${VAR}` and API keys are read; the process's environment by default.
        public var environment: [String: String]
        /// Concurrency, timeout, retries and repeats, as `--concurrency`, `--timeout`, `--retries` and `--repeat` set them.
        public var runner: RunnerOptions
        /// `check` (the default), `update` or `off` (SPEC §7.1).
        public var golden: GoldenMode
        /// Where golden files live; nil for the suite's default (SPEC §2).
        public var goldenDirectory: String?
        /// Nil: from `CI` in `environment`, as the command line decides it.
        public var ciMode: Bool?
        /// Golden differences fail cases that have `expect` too.
        public var goldenStrict: Bool
        /// Overrides of the suite's gate.
        public var gate: GateOverrides
        /// The effect size the comparison's power figures speak of.
        public var detect: Double
        /// Which cases run (`--filter`, `--tag`, `--limit`, …); every case when nil.
        public var selection: CaseSelection?

        public init(
            environment: [String: String] = ProcessInfo.processInfo.environment, runner: RunnerOptions = RunnerOptions(),
            golden: GoldenMode = .check, goldenDirectory: String? = nil, ciMode: Bool? = nil, goldenStrict: Bool = false,
            gate: GateOverrides = GateOverrides(), detect: Double = PairedStatistics.defaultDetect, selection: CaseSelection? = nil
        ) {
            self.environment = environment
            self.runner = runner
            self.golden = golden
            self.goldenDirectory = goldenDirectory
            self.ciMode = ciMode
            self.goldenStrict = goldenStrict
            self.gate = gate
            self.detect = detect
            self.selection = selection
        }
    }

    /// The suite's report: targets, cases, comparisons, gates.
    public var report: SuiteReport
    /// Golden-file warnings (differences that do not fail, new entries), as the command line shows them.
    public var goldenNotes: [String]
    /// Golden files that could not be written; a failure like a gate's.
    public var goldenFailures: [String]

    public init(report: SuiteReport, goldenNotes: [String] = [], goldenFailures: [String] = []) {
        self.report = report
        self.goldenNotes = goldenNotes
        self.goldenFailures = goldenFailures
    }

    /// A target's report; nil when it did not run.
    public func target(_ name: String) -> TargetReport? {
        report.targets.first { $0.target == name }
    }

    /// `passed / (passed + failed)` of a target; nil when it did not run or nothing was answered.
    public func passRate(_ target: String) -> Double? {
        self.target(target)?.passRate
    }

    /// The case-by-case comparison of `candidate` with `baseline` (SPEC §7.2); nil when they
    /// were not both run. The comparison with the run's baseline is already made; another pair
    /// is compared on demand.
    public func comparison(baseline: String, candidate: String) -> ComparisonReport? {
        if let made = report.comparisons.first(where: { $0.baseline == baseline && $0.candidate == candidate }) { return made }
        guard let old = target(baseline), let new = target(candidate), baseline != candidate else { return nil }
        return Comparator.compare(baseline: old, candidate: new, detect: report.comparisons.first?.detect ?? PairedStatistics.defaultDetect).comparison
    }

    /// Every gate of the run's judged targets, with its verdict.
    public var gates: [GateResult] { report.gates }

    /// Whether every gate holds and every golden file was written.
    public var passed: Bool { gates.allSatisfy(\.passed) && goldenFailures.isEmpty }

    /// One message per failed gate, as the text report words it
    /// (`GATE min_pass_rate[tuned] 0.750 >= 1.000 FAIL`), followed by the target's failed and
    /// errored cases with their messages; then each golden file that could not be written.
    public var failures: [String] {
        var messages: [String] = []
        for gate in gates where !gate.passed {
            let comparison = report.comparisons.first { $0.candidate == gate.target }
            var lines = ["GATE \(gate.gate)[\(gate.target)] \(TextReporter.gateFigures(gate, comparison: comparison)) FAIL"]
            let cases = target(gate.target)?.cases ?? []
            let relevant: [CaseReport]
            switch gate.gate {
            case .maxErrorRate: relevant = cases.filter { $0.outcome == .error }
            case .minPassRate: relevant = cases.filter { $0.outcome == .failed }
            default: relevant = cases.filter { $0.transition == .regressed }
            }
            lines += relevant.map { "  \($0.id): \($0.messages.first ?? $0.outcome.rawValue)" }
            messages.append(lines.joined(separator: "\n"))
        }
        return messages + goldenFailures
    }
}
