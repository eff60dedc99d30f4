import Foundation

/// The merge of the result files of `--shard K/N` runs into the report of one unsharded run
/// (SPEC §8).
public enum ShardMerger {
    /// Merges the shards' reports, each with the path it was read from (named in errors).
    ///
    /// Every input must be a shard `K/N` of the same N, with shards 1…N each present once,
    /// holding the same suites, targets and case ids. Each case is taken from the shard that
    /// owns it: the one where it is not skipped with reason `shard` (a case filtered out is
    /// skipped `filtered` in every shard and kept so). A case that ran in two shards is an
    /// error. Cases keep the order of shard 1's file (every shard lists every case), suite and
    /// target metadata come from shard 1, and the gate is shard 1's with `gateOverrides`
    /// applied. Summaries, comparisons, gates and the exit code are then recomputed by
    /// `ReportAssembler`; the result has no shard, the earliest start, the latest finish, and
    /// is interrupted when any shard was.
    public static func merge(_ reports: [(path: String, report: RunReport)], gateOverrides: GateOverrides = GateOverrides()) throws(MergeError) -> RunReport {
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
            suites.append(ReportAssembler.assemble(merged, gate: gateOverrides.applied(to: referenceSuite.gate)))
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
            guard let (index, count) = parse(shard: text) else { throw .invalidShard(path: path, shard: text) }
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

    /// One target's cases, each taken from the shard that owns it, in the first shard's order.
    private static func mergedCases(suite: String, target: String, sides: [(shard: Shard, cases: [CaseReport])]) throws(MergeError) -> [CaseReport] {
        let reference = sides[0]
        let referenceIDs = Set(reference.cases.map(\.id))
        var byID: [[String: CaseReport]] = []
        for side in sides {
            var cases: [String: CaseReport] = [:]
            for item in side.cases where cases[item.id] == nil {
                cases[item.id] = item
            }
            if let extra = side.cases.first(where: { !referenceIDs.contains($0.id) }) {
                throw .caseMissing(suite: suite, target: target, caseID: extra.id, path: reference.shard.path, presentIn: side.shard.path)
            }
            if let absent = reference.cases.first(where: { cases[$0.id] == nil }) {
                throw .caseMissing(suite: suite, target: target, caseID: absent.id, path: side.shard.path, presentIn: reference.shard.path)
            }
            byID.append(cases)
        }
        var result: [CaseReport] = []
        result.reserveCapacity(reference.cases.count)
        for item in reference.cases {
            let entries = sides.indices.map { (shard: sides[$0].shard, item: byID[$0][item.id]!) }
            let owners = entries.filter { !($0.item.outcome == .skipped && $0.item.reason == .shard) }
            let ran = owners.filter { !($0.item.outcome == .skipped && $0.item.reason == .filtered) }
            if ran.count > 1 {
                throw .caseRanTwice(suite: suite, target: target, caseID: item.id, shards: ran.map(\.shard.index), paths: ran.map(\.shard.path))
            }
            guard let chosen = ran.first ?? owners.first else {
                throw .caseRanNowhere(suite: suite, target: target, caseID: item.id)
            }
            result.append(chosen.item)
        }
        return result
    }

    /// `"K/N"` as numbers, when `1 ≤ K ≤ N`.
    private static func parse(shard text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        return (index, count)
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
