import EvalKit
import Foundation

/// `--rerun RESULTS.json` (SPEC §12.2): which cases of each unit keep their recorded result.
struct RerunPlan {
    /// Per unit, in the order of the units: the suite position of a case → its recorded report (`reused`).
    var reused: [[Int: CaseReport]]
    /// Cases in the file that the suite no longer has, one line per suite and target.
    var dropped: [String]

    /// Plans the rerun of `units` against the results at `path`; a usage error when the file
    /// cannot be read or a target's configuration changed since it was written.
    static func make(path: String, units: [RunCommand.Unit], rerunFailed: Bool) throws(CLIFailure) -> RerunPlan {
        let earlier: RunReport
        do {
            earlier = try ResultFile.read(path)
        } catch {
            throw .usage("--rerun: \(error)")
        }
        var plan = RerunPlan(reused: [], dropped: [])
        var changed: [String] = []
        for unit in units {
            let suite = unit.planned.suite.name
            guard let recorded = earlier.suites.first(where: { $0.suite == suite })?.targets.first(where: { $0.target == unit.target.name }) else {
                plan.reused.append([:])
                continue
            }
            let now = TargetFingerprint(unit.target, defaults: unit.planned.suite.defaults)
            guard let before = recorded.fingerprint else {
                changed.append("target '\(unit.target.name)' of suite '\(suite)': \(path) has no config_sha256 (written by an earlier evals), so a rerun cannot tell whether it changed")
                continue
            }
            let fields = now.changedFields(from: before)
            if !fields.isEmpty {
                changed.append("target '\(unit.target.name)' of suite '\(suite)' changed since \(path): \(fields.joined(separator: ", "))")
                continue
            }
            let rerun: Set<Outcome> = rerunFailed ? [.error, .failed, .skipped] : [.error, .skipped]
            var byID: [String: CaseReport] = [:]
            for item in recorded.cases { byID[item.id] = item }
            var reused: [Int: CaseReport] = [:]
            var present = Set<String>()
            for (index, suiteCase) in unit.planned.selected() {
                present.insert(suiteCase.id)
                guard var item = byID[suiteCase.id], !rerun.contains(item.outcome) else { continue }
                item.index = index
                item.reused = true
                reused[index] = item
            }
            let gone = recorded.cases.map(\.id).filter { !present.contains($0) }
            if !gone.isEmpty {
                let shown = gone.prefix(5).joined(separator: ", ") + (gone.count > 5 ? " and \(gone.count - 5) more" : "")
                plan.dropped.append("\(path): \(gone.count) \(gone.count == 1 ? "case" : "cases") of \(suite)[\(unit.target.name)] no longer selected in the suite, dropped: \(shown)")
            }
            plan.reused.append(reused)
        }
        if !changed.isEmpty {
            throw .usage(changed.joined(separator: "\n") + "\nrun it whole (without --rerun), or restore the configuration")
        }
        return plan
    }
}
