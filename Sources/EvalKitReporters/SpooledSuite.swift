import EvalKitCompare
import EvalKitResults

/// The spools of one suite's targets in a run that keeps no case (SPEC §11). Each target's
/// cases arrive in suite order, each target at its own pace; once every target has a case's
/// report, the case is compared (every judged target with the baseline, annotating the
/// candidate's report and adding to the comparison's tally), each report goes to its target's
/// spool, and, for a suite of several targets, the case's one HTML entry showing every target
/// side by side goes to the spool of the target shown first. So a comparison holds only the
/// reports of cases some target has not finished yet, never every output twice.
///
/// Every target must have the same cases in the same order, as the targets of one planned suite do.
public final class SpooledSuite: @unchecked Sendable {
    /// Per target, in the order given.
    public let spools: [SpooledCases]
    /// The comparisons' counts so far, by candidate name.
    public private(set) var tallies: [String: ComparisonTally] = [:]

    private let targets: [TargetReport]
    private let baseline: Int?
    private let candidates: [Int]
    /// The targets in the order the HTML report shows them: the baseline first.
    private let shown: [Int]
    private let shownTargets: [TargetReport]
    private let pairs: [ReportAssembler.Pair]
    /// Per target, the reports that wait for the other targets' reports of the same case, from `heads`.
    private var waiting: [[CaseReport]]
    private var heads: [Int]

    /// `targets` the suite's targets (their names, providers and models; cases are not read),
    /// with at most one not judged, the baseline; `spools` theirs, in the same order, made
    /// without HTML entries when there is more than one target.
    public init(targets: [TargetReport], spools: [SpooledCases]) {
        precondition(targets.count == spools.count && !targets.isEmpty, "one spool per target")
        self.targets = targets
        self.spools = spools
        let baseline = targets.firstIndex { !$0.judged }
        let candidates = baseline == nil ? [] : targets.indices.filter { targets[$0].judged }
        let shown = targets.indices.filter { !targets[$0].judged } + targets.indices.filter { targets[$0].judged }
        self.baseline = baseline
        self.candidates = candidates
        self.shown = shown
        shownTargets = shown.map { targets[$0] }
        pairs = baseline.map { b in candidates.map { ReportAssembler.Pair(baseline: targets[b].target, candidate: targets[$0].target) } } ?? []
        for candidate in candidates { tallies[targets[candidate].target] = ComparisonTally() }
        waiting = targets.map { _ in [] }
        heads = targets.map { _ in 0 }
    }

    /// Adds the next report of target `index`, in suite order; the case is compared and spooled
    /// once every target has its report.
    public func add(_ report: CaseReport, target index: Int) throws {
        if targets.count == 1 {
            try spools[0].add(report)
            return
        }
        waiting[index].append(report)
        try spoolJoined()
    }

    /// Flushes every spool; call once every target's cases are all added. Throws when a target
    /// has cases the others do not (which one plan's targets never have).
    public func finish() throws {
        try spoolJoined()
        if let uneven = targets.indices.first(where: { heads[$0] != waiting[$0].count }) {
            throw Uneven(target: targets[uneven].target, cases: waiting[uneven].count - heads[uneven])
        }
        for spool in spools { try spool.finish() }
    }

    /// The error of `finish` when a target's cases outnumber the others'.
    public struct Uneven: Error, CustomStringConvertible {
        public var target: String
        public var cases: Int
        public var description: String { "target \(target) has \(cases) more cases than the suite's other targets" }
    }

    /// The same suite spooled again into `respool`'s spools, every report read back from these
    /// spools (made `replayable`) and those of the targets in `changes` changed as it says, in
    /// suite order: how a report changes after it was spooled.
    public func replay(changing changes: [Int: (CaseReport) async -> CaseReport], respool: (Int) throws -> SpooledCases) async throws -> SpooledSuite {
        let fresh = SpooledSuite(targets: targets, spools: try targets.indices.map(respool))
        for position in 0..<(spools.first?.count ?? 0) {
            for target in targets.indices {
                let item = try spools[target].replayedCase(position)
                try fresh.add(await changes[target]?(item) ?? item, target: target)
            }
        }
        try fresh.finish()
        return fresh
    }

    /// Compares and spools every case each target has a report of, in order.
    private func spoolJoined() throws {
        while targets.indices.allSatisfy({ heads[$0] < waiting[$0].count }) {
            var row = targets.indices.map { waiting[$0][heads[$0]] }
            for target in targets.indices {
                heads[target] += 1
                if heads[target] >= 1024 && heads[target] * 2 >= waiting[target].count {
                    waiting[target].removeFirst(heads[target])
                    heads[target] = 0
                }
            }
            try spool(&row)
        }
    }

    private func spool(_ row: inout [CaseReport]) throws {
        if let baseline {
            for candidate in candidates {
                assert(row[candidate].id == row[baseline].id, "the targets' cases differ in order")
                tallies[targets[candidate].target]?.add(baseline: row[baseline], candidate: &row[candidate])
            }
        }
        let baselineOutput = baseline.flatMap { row[$0].output }
        for target in targets.indices {
            try spools[target].add(row[target], before: target == baseline ? nil : baselineOutput)
        }
        let entries = shown.map { row[$0] }
        try spools[shown[0]].appendHTML { html in
            HTMLReporter.appendEntry(id: entries[0].id, pairs: pairs, targets: shownTargets, row: entries, to: &html)
        }
    }
}
