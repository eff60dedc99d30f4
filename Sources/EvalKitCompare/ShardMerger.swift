import Foundation
import EvalKitResults
import EvalKitSuite

/// The merge of the result files of `--shard K/N` runs into the report of one unsharded run
/// (SPEC §8).
public enum ShardMerger {
    /// Merges the shards' reports, each with the path it was read from (named in errors).
    ///
    /// Every input must be a shard `K/N` of the same N, with shards 1…N each present once,
    /// holding the same suites and targets. Each shard's file holds only the cases it ran
    /// (deselected cases are in no file, only counted); a case found in two shards is an error.
    /// Cases are put back in suite order by their `index` (in shard order where a file has
    /// none), suite and target metadata come from shard 1, the deselected count is the suite's
    /// cases that no shard ran, and the gate is shard 1's with `gateOverrides` applied.
    /// Summaries, comparisons, gates and the exit code are then recomputed by
    /// `ReportAssembler`; the result has no shard, the earliest start, the latest finish, and
    /// is interrupted when any shard was. `cases_needed` is for a change of `detect` when given,
    /// else of the `detect` shard 1 recorded.
    public static func merge(_ reports: [(path: String, report: RunReport)], gateOverrides: GateOverrides = GateOverrides(), detect: Double? = nil) throws(MergeError) -> RunReport {
        let shards = try checkedShards(reports)
        let reference = shards[0]
        let referenceNames = reference.report.suites.map(\.suite)
        for shard in shards.dropFirst() {
            let names = shard.report.suites.map(\.suite)
            if names.sorted() != referenceNames.sorted() {
                throw .suitesDiffer(path: shard.path, expected: referenceNames, found: names, referencePath: reference.path)
            }
        }
        var suites: [SuiteReport] = []
        for referenceSuite in reference.report.suites {
            let parts = shards.map { shard in
                (shard: shard, suite: shard.report.suites.first { $0.suite == referenceSuite.suite }!)
            }
            let targetNames = referenceSuite.targets.map(\.target)
            for part in parts.dropFirst() {
                let names = part.suite.targets.map(\.target)
                if names.sorted() != targetNames.sorted() {
                    throw .targetsDiffer(suite: referenceSuite.suite, path: part.shard.path, expected: targetNames, found: names, referencePath: reference.path)
                }
            }
            var merged = referenceSuite
            for index in merged.targets.indices {
                let name = merged.targets[index].target
                let sides = parts.map { part in
                    (shard: part.shard, cases: part.suite.targets.first { $0.target == name }!.cases)
                }
                merged.targets[index].cases = try mergedCases(suite: referenceSuite.suite, target: name, sides: sides)
            }
            if let first = referenceSuite.targets.first, let mergedFirst = merged.targets.first {
                merged.deselected = max(0, referenceSuite.deselected + first.cases.count - mergedFirst.cases.count)
            }
            suites.append(ReportAssembler.assemble(merged, gate: gateOverrides.applied(to: referenceSuite.gate), detect: detect))
        }
        let starts = shards.map(\.report.startedAt)
        let finishes = shards.map(\.report.finishedAt)
        let run = RunReport(
            evalsVersion: reference.report.evalsVersion,
            startedAt: starts.min(by: isEarlier) ?? reference.report.startedAt,
            finishedAt: finishes.max(by: isEarlier) ?? reference.report.finishedAt,
            interrupted: shards.contains { $0.report.interrupted },
            shard: nil,
            suites: suites
        )
        return ReportAssembler.finish(run)
    }

    private struct Shard {
        var index: Int
        var count: Int
        var path: String
        var report: RunReport
    }

    /// The inputs sorted by shard index, after checking that they are shards 1…N, once each.
    private static func checkedShards(_ reports: [(path: String, report: RunReport)]) throws(MergeError) -> [Shard] {
        guard !reports.isEmpty else { throw .noInputs }
        var shards: [Shard] = []
        for (path, report) in reports {
            guard let text = report.shard else { throw .notAShard(path: path) }
            guard let spec = ShardSpec(text) else { throw .invalidShard(path: path, shard: text) }
            let (index, count) = (spec.index, spec.count)
            if let first = shards.first, first.count != count {
                throw .shardCountMismatch(path: first.path, count: first.count, otherPath: path, otherCount: count)
            }
            shards.append(Shard(index: index, count: count, path: path, report: report))
        }
        let count = shards[0].count
        for index in 1...count {
            let paths = shards.filter { $0.index == index }.map(\.path)
            if paths.count > 1 { throw .duplicateShard(index: index, count: count, paths: paths) }
        }
        let present = Set(shards.map(\.index))
        let missing = (1...count).filter { !present.contains($0) }
        if !missing.isEmpty {
            throw .missingShards(indices: missing, count: count, given: shards.map { "\($0.path) (\($0.index)/\(count))" })
        }
        return shards.sorted { $0.index < $1.index }
    }

    /// One target's cases from every shard, in suite order; a case in two shards ran twice, and
    /// a case twice in one file means the file was edited or concatenated: both are errors.
    private static func mergedCases(suite: String, target: String, sides: [(shard: Shard, cases: [CaseReport])]) throws(MergeError) -> [CaseReport] {
        var owner: [String: Int] = [:]
        var found: [(item: CaseReport, side: Int, position: Int)] = []
        for (side, part) in sides.enumerated() {
            for (position, item) in part.cases.enumerated() {
                if let first = owner[item.id] {
                    guard first != side else {
                        throw .caseRepeated(suite: suite, target: target, caseID: item.id, path: part.shard.path)
                    }
                    let shards = [sides[first].shard, part.shard]
                    throw .caseRanTwice(suite: suite, target: target, caseID: item.id, shards: shards.map(\.index), paths: shards.map(\.path))
                }
                owner[item.id] = side
                found.append((item, side, position))
            }
        }
        return found
            .sorted { ($0.item.index ?? Int.max, $0.side, $0.position) < ($1.item.index ?? Int.max, $1.side, $1.position) }
            .map(\.item)
    }

    /// Orders ISO 8601 timestamps by the time they name, falling back to text order.
    private static func isEarlier(_ lhs: String, _ rhs: String) -> Bool {
        if let left = date(lhs), let right = date(rhs), left != right { return left < right }
        return lhs < rhs
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
