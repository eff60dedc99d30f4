import EvalKitSupport
import EvalKitResults

extension Comparator {
    /// The report of `evals compare OLD.json NEW.json` (SPEC §7.2): NEW's judged targets
    /// compared case by case with the same targets in OLD.
    ///
    /// For each suite of NEW, matched by name in OLD, every target judged in both becomes a
    /// pair: `T@old` (not judged, the baseline) followed by `T@new` (judged), with the
    /// comparison filled in and `T@new`'s cases annotated. What is on one side only is
    /// reported, not compared: a target judged only in NEW appears as `T@new`, judged and gated;
    /// one judged only in OLD appears as `T@old`, after the others, not judged; a suite only in
    /// OLD comes after NEW's suites with its judged targets as `T@old` and no gates. Targets
    /// that were not judged in their own run (a `--baseline`) are left out. Each suite records
    /// NEW's `gate` with `gateOverrides` applied, and its gates are evaluated from it; its
    /// `baseline` is nil, since every comparison names its own. The run keeps NEW's times and
    /// `interrupted`, has no shard, and its exit code is the gates' verdict (`RunVerdict.of(suites:)`).
    /// `cases_needed` is for a change of `detect` (5 points unless given).
    public static func compareRuns(old: RunReport, new: RunReport, gateOverrides: GateOverrides = GateOverrides(), detect: Double = PairedStatistics.defaultDetect) -> RunReport {
        var suites: [SuiteReport] = []
        let newNames = Set(new.suites.map(\.suite))
        for newSuite in new.suites {
            let oldSuite = old.suites.first { $0.suite == newSuite.suite }
            let oldJudged = oldSuite?.targets.filter(\.judged) ?? []
            let newJudged = newSuite.targets.filter(\.judged)
            var targets: [TargetReport] = []
            var pairs: [ReportAssembler.Pair] = []
            for target in newJudged {
                if let before = oldJudged.first(where: { $0.target == target.target }) {
                    targets.append(labelled(before, side: .old))
                    pairs.append(ReportAssembler.Pair(baseline: label(before.target, .old), candidate: label(target.target, .new)))
                }
                targets.append(labelled(target, side: .new))
            }
            let newJudgedNames = Set(newJudged.map(\.target))
            for target in oldJudged where !newJudgedNames.contains(target.target) {
                targets.append(labelled(target, side: .old))
            }
            let suite = SuiteReport(
                suite: newSuite.suite,
                file: newSuite.file,
                description: newSuite.description,
                gate: newSuite.gate,
                baseline: nil,
                targets: targets,
                obsoleteGolden: labelled(newSuite.obsoleteGolden, side: .new)
            )
            suites.append(ReportAssembler.assemble(suite, gate: gateOverrides.applied(to: newSuite.gate), pairs: pairs, detect: detect))
        }
        for oldSuite in old.suites where !newNames.contains(oldSuite.suite) {
            let suite = SuiteReport(
                suite: oldSuite.suite,
                file: oldSuite.file,
                description: oldSuite.description,
                gate: oldSuite.gate,
                baseline: nil,
                targets: oldSuite.targets.filter(\.judged).map { labelled($0, side: .old) },
                obsoleteGolden: labelled(oldSuite.obsoleteGolden, side: .old)
            )
            suites.append(ReportAssembler.assemble(suite, gate: gateOverrides.applied(to: oldSuite.gate), pairs: [], detect: detect))
        }
        return RunReport(
            evalsVersion: EvalsVersion.current,
            startedAt: new.startedAt,
            finishedAt: new.finishedAt,
            interrupted: new.interrupted,
            exitCode: Int(RunVerdict.of(suites: suites).rawValue),
            shard: nil,
            suites: suites
        )
    }

    /// Which saved run a target of `compareRuns` comes from.
    public enum Side: String, Sendable {
        case old, new
    }

    /// A target's name in a comparison of two runs: `TARGET@old` or `TARGET@new`.
    public static func label(_ target: String, _ side: Side) -> String {
        "\(target)@\(side.rawValue)"
    }

    private static func labelled(_ target: TargetReport, side: Side) -> TargetReport {
        var result = target
        result.target = label(target.target, side)
        result.judged = side == .new
        return result
    }

    private static func labelled(_ obsolete: [String: [String]], side: Side) -> [String: [String]] {
        Dictionary(obsolete.map { (label($0.key, side), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
