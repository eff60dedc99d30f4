import EvalKitResults

/// The case-by-case comparison of a candidate target with a baseline (SPEC §7.2).
public enum Comparator {
    /// Compares `candidate` with `baseline`, matching cases by id.
    ///
    /// Returns the comparison and the candidate's cases, in their order, each annotated with its
    /// `transition` and `outputChanged` (nil unless both sides answered). The counts cover every
    /// id of either side: a case missing on one side is `incomparable`, as is one that is
    /// `error` or `skipped` on either side. The McNemar p-value is over regressed vs fixed; each
    /// pass rate is over its own side's answered (passed + failed) cases; the paired figures
    /// (SPEC §15) are over the cases with a transition other than `incomparable`, with
    /// `casesNeeded` for a change of `detect`.
    public static func compare(baseline: TargetReport, candidate: TargetReport, detect: Double = PairedStatistics.defaultDetect) -> (comparison: ComparisonReport, cases: [CaseReport]) {
        var baselineByID: [String: CaseReport] = [:]
        for item in baseline.cases where baselineByID[item.id] == nil {
            baselineByID[item.id] = item
        }
        var tally = ComparisonTally()
        var seen: Set<String> = []
        var annotated: [CaseReport] = []
        annotated.reserveCapacity(candidate.cases.count)
        for var item in candidate.cases {
            let firstOccurrence = seen.insert(item.id).inserted
            tally.add(baseline: baselineByID[item.id], candidate: &item, counted: firstOccurrence)
            annotated.append(item)
        }
        for id in baselineByID.keys where !seen.contains(id) {
            tally.add(.incomparable)
        }
        return (tally.report(baseline: baseline, candidate: candidate, detect: detect), annotated)
    }

    /// `the baseline was served by X, the candidate by Y` when both sides configure the same
    /// provider and model (the same target in two runs, or two targets differing in prompt or
    /// settings) but their answers came from different model versions (SPEC §10.3): a provider
    /// re-routing a model must not pass for a regression or a fix. Nil when either side's answers
    /// named no version. Two targets configuring different models are expected to differ, and are
    /// not warned about.
    public static func versionWarning(baseline: TargetReport, candidate: TargetReport) -> String? {
        guard baseline.provider == candidate.provider, baseline.model == candidate.model else { return nil }
        let before = baseline.servedVersions, after = candidate.servedVersions
        guard !before.isEmpty, !after.isEmpty, Set(before) != Set(after) else { return nil }
        return "the baseline was served by \(before.joined(separator: ", ")), the candidate by \(after.joined(separator: ", "))"
    }

    /// The transition of one case from its baseline result to its candidate result, by the
    /// matchers' verdicts on both sides, never by a golden check (a target's golden file is its
    /// own history, which the baseline does not share). A case missing on either side, with no
    /// matcher verdict on either side (`error`, `skipped`, or a golden-only case), is
    /// `incomparable`.
    public static func transition(baseline: CaseReport?, candidate: CaseReport?) -> Transition {
        switch (baseline?.matcherVerdict, candidate?.matcherVerdict) {
        case (.passed, .passed): .stillPassing
        case (.failed, .failed): .stillFailing
        case (.failed, .passed): .fixed
        case (.passed, .failed): .regressed
        default: .incomparable
        }
    }

    /// Whether the output text differs; nil unless both sides answered (passed or failed).
    public static func outputChanged(baseline: CaseReport?, candidate: CaseReport?) -> Bool? {
        guard let baseline, let candidate, isAnswered(baseline), isAnswered(candidate) else { return nil }
        return baseline.output != candidate.output
    }

    /// The pass rate of the answered (passed or failed) cases with its 95% Wilson interval.
    public static func passRate(of counts: OutcomeCounts) -> RateInterval {
        Statistics.wilson(successes: counts.passed, trials: counts.passed + counts.failed)
    }

    private static func isAnswered(_ item: CaseReport) -> Bool {
        item.outcome == .passed || item.outcome == .failed
    }
}
