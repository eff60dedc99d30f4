import EvalKitResults

/// The counts of a comparison gathered one pair of cases at a time (SPEC §7.2): `Comparator`
/// tallies the cases it holds through it, and a spooled run tallies each pair as both sides
/// finish, in suite order, so neither side's cases need to be kept (SPEC §11).
public struct ComparisonTally: Sendable, Equatable {
    public private(set) var fixed = 0
    public private(set) var regressed = 0
    public private(set) var stillPassing = 0
    public private(set) var stillFailing = 0
    public private(set) var incomparable = 0
    public private(set) var changedOutputs = 0

    public init() {}

    /// Annotates the candidate's case with its `transition` and `outputChanged` against the
    /// baseline's case of the same id (nil when the baseline has none), and counts it unless
    /// `counted` is false (a repeated id is counted once).
    public mutating func add(baseline: CaseReport?, candidate: inout CaseReport, counted: Bool = true) {
        let transition = Comparator.transition(baseline: baseline, candidate: candidate)
        let changed = Comparator.outputChanged(baseline: baseline, candidate: candidate)
        candidate.transition = transition
        candidate.outputChanged = changed
        guard counted else { return }
        add(transition)
        if changed == true { changedOutputs += 1 }
    }

    /// Counts a transition with no candidate case to annotate: a baseline case the candidate lacks.
    public mutating func add(_ transition: Transition) {
        switch transition {
        case .fixed: fixed += 1
        case .regressed: regressed += 1
        case .stillPassing: stillPassing += 1
        case .stillFailing: stillFailing += 1
        case .incomparable: incomparable += 1
        }
    }

    /// The comparison of `candidate` with `baseline` these counts make: pass rates from each
    /// side's outcome counts, the McNemar p-value over regressed vs fixed, the paired figures
    /// with `casesNeeded` for a change of `detect`, and the version warning.
    public func report(baseline: TargetReport, candidate: TargetReport, detect: Double) -> ComparisonReport {
        var report = ComparisonReport(
            baseline: baseline.target, candidate: candidate.target,
            fixed: fixed, regressed: regressed, stillPassing: stillPassing, stillFailing: stillFailing,
            incomparable: incomparable, changedOutputs: changedOutputs,
            mcnemarP: Statistics.mcnemarExactP(regressed: regressed, fixed: fixed),
            baselinePassRate: Comparator.passRate(of: baseline.caseCounts),
            candidatePassRate: Comparator.passRate(of: candidate.caseCounts))
        let paired = PairedStatistics(fixed: fixed, regressed: regressed, unchanged: stillPassing + stillFailing)
        report.pairedCases = paired.n
        report.pairedDifference = paired.difference
        report.pairedSD = paired.standardDeviation
        report.mde = paired.mde
        report.detect = detect
        report.casesNeeded = paired.casesNeeded(toDetect: detect)
        report.versionWarning = Comparator.versionWarning(baseline: baseline, candidate: candidate)
        return report
    }
}
