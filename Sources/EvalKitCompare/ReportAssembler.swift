import EvalKitMatchers
import EvalKitResults

/// The one place where a report's derived figures are computed from its cases: target
/// summaries, comparisons, case transitions, gates and the exit code. `run`, `merge` and
/// `compare` all go through it, so the same cases always give the same report.
public enum ReportAssembler {
    /// A candidate target compared with a baseline target, by name.
    public struct Pair: Sendable, Equatable {
        public var baseline: String
        public var candidate: String

        public init(baseline: String, candidate: String) {
            self.baseline = baseline
            self.candidate = candidate
        }
    }

    /// The comparisons a run makes: every judged target other than the suite's `baseline` with
    /// the baseline, in target order; none without a baseline or when it is not among the targets.
    public static func pairs(of suite: SuiteReport) -> [Pair] {
        guard let baseline = suite.baseline, suite.targets.contains(where: { $0.target == baseline }) else { return [] }
        return suite.targets
            .filter { $0.judged && $0.target != baseline }
            .map { Pair(baseline: baseline, candidate: $0.target) }
    }

    /// Rebuilds the suite's derived figures from its cases.
    ///
    /// Recomputes every target's summary, clears every case's `transition` and
    /// `outputChanged`, compares each pair (`pairs(of:)` unless given) and annotates the
    /// candidates' cases, records `gate` (the suite's own unless given) and evaluates it. The
    /// comparisons' `cases_needed` is for a change of `detect` when given, else of the `detect`
    /// the suite's comparisons already record (so `merge` keeps the shards' `--detect`), else
    /// of 5 points.
    ///
    /// A candidate whose cases were spooled (SPEC §11) was compared as the run went: its
    /// `tallies` entry (by candidate name) gives the counts, and its cases keep their annotations.
    public static func assemble(_ suite: SuiteReport, gate: GateConfig? = nil, pairs explicitPairs: [Pair]? = nil, detect: Double? = nil, tallies: [String: ComparisonTally] = [:]) -> SuiteReport {
        let detect = detect ?? suite.comparisons.first?.detect ?? PairedStatistics.defaultDetect
        var result = suite
        result.gate = gate ?? suite.gate
        for index in result.targets.indices where result.targets[index].spool == nil {
            // Only cases that have them are written to, so cases without (a run without a
            // baseline) are not copied.
            for caseIndex in result.targets[index].cases.indices
            where result.targets[index].cases[caseIndex].transition != nil || result.targets[index].cases[caseIndex].outputChanged != nil {
                result.targets[index].cases[caseIndex].transition = nil
                result.targets[index].cases[caseIndex].outputChanged = nil
            }
        }
        var comparisons: [ComparisonReport] = []
        for pair in explicitPairs ?? pairs(of: suite) where pair.baseline != pair.candidate {
            guard let baseline = result.targets.first(where: { $0.target == pair.baseline }),
                  let candidateIndex = result.targets.firstIndex(where: { $0.target == pair.candidate })
            else { continue }
            if let tally = tallies[pair.candidate] {
                comparisons.append(tally.report(baseline: baseline, candidate: result.targets[candidateIndex], detect: detect))
                continue
            }
            let (comparison, cases) = Comparator.compare(baseline: baseline, candidate: result.targets[candidateIndex], detect: detect)
            result.targets[candidateIndex].cases = cases
            comparisons.append(comparison)
        }
        for index in result.targets.indices {
            result.targets[index].recomputeSummary()
        }
        result.comparisons = comparisons
        result.gates = GateEvaluator.evaluate(suite: result, config: result.gate)
        return result
    }

    /// A run's verdict: `interrupted` when it was, `configurationRejected` for a configuration
    /// error, `passed` for a shard (its gates wait for `merge`), otherwise the gates' verdict
    /// (`RunVerdict.of(suites:)`).
    public static func verdict(of run: RunReport) -> RunVerdict {
        if run.interrupted { return .interrupted }
        if run.shard != nil { return RunVerdict.hasConfigurationError(run.suites) ? .configurationRejected : .passed }
        return RunVerdict.of(suites: run.suites)
    }

    /// The run with `exitCode` set to the raw value of `verdict(of:)`.
    public static func finish(_ run: RunReport) -> RunReport {
        var result = run
        result.exitCode = Int(verdict(of: run).rawValue)
        return result
    }
}
