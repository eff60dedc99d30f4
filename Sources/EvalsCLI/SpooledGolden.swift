import EvalKit

/// The golden checks of a spooled run (SPEC §7.1, §11): each judged target's cases are checked as
/// they arrive, before they go to its spool, and its golden or pending file is written once
/// every case is in.
struct SpooledGolden {
    /// Per unit, in the order of the units; nil for a baseline.
    let checks: [GoldenCheck?]
    let stores: [GoldenStore]

    /// What the end of a unit's check says, for the unit's place in the reports.
    typealias Ending = GoldenCheck.Summary

    init(units: [RunCommand.Unit], mode: GoldenMode, ciMode: Bool, strict: Bool) {
        checks = units.map { unit in
            guard unit.judged else { return nil }
            let suite = unit.planned.suite
            let check = GoldenCheck(
                golden: unit.golden, suite: suite.name, target: unit.target.name, mode: mode, ciMode: ciMode,
                strict: strict || suite.goldenStrict, matcherFor: GoldenChecker.goldenMatcher(named: suite.goldenMatcher),
                acceptCommand: ReportWriter.acceptCommand(suiteFile: unit.planned.path, target: unit.target.name),
                model: unit.target.shownModel)
            unit.planned.forEachEntry { _, suiteCase, _ in check.noteSuiteCase(id: suiteCase.id) }
            return check
        }
        stores = units.map { GoldenStore(directory: $0.planned.goldenDirectory) }
    }

    /// Whether a unit's spool must be able to read its cases back: an update's verdicts change
    /// after the run when it is interrupted or its file cannot be written.
    func needsReplay(_ unit: Int) -> Bool {
        checks[unit]?.mode == .update
    }

    /// The next case of a unit, in suite order, with its golden verdict.
    func check(_ report: CaseReport, unit: Int) async -> CaseReport {
        guard let check = checks[unit] else { return report }
        return await check.check(report, hasExpect: GoldenCheck.hasExpect(report))
    }

    /// Ends every unit's check, writing its files, and returns the spools the reports are made
    /// from. An interrupted update writes no golden file: its cases are checked again, as a
    /// check would have, into a new spool from `respool`. An update whose file cannot be written
    /// is spooled again with no case saying its entry was updated.
    func finish(spools: [SpooledCases], interrupted: Bool, respool: (Int) throws -> SpooledCases) async throws -> (spools: [SpooledCases], endings: [Ending?]) {
        var spools = spools
        var endings: [Ending?] = []
        for (index, check) in checks.enumerated() {
            guard var check else {
                endings.append(nil)
                continue
            }
            if interrupted && check.mode == .update {
                let again = check.restarted(mode: .check)
                spools[index] = try await Self.replay(spools[index], into: respool(index)) { item in
                    let item = GoldenCheck.unchecked(item)
                    return await again.check(item, hasExpect: GoldenCheck.hasExpect(item))
                }
                check = again
            }
            let ending = check.finish(store: stores[index])
            if ending.updatesUnwritten {
                spools[index] = try await Self.replay(spools[index], into: respool(index)) { GoldenCheck.unwritten($0) }
            }
            endings.append(ending)
        }
        return (spools, endings)
    }

    private static func replay(_ spool: SpooledCases, into fresh: SpooledCases, _ change: (CaseReport) async -> CaseReport) async throws -> SpooledCases {
        try await spool.replay { item in try fresh.add(await change(item)) }
        try fresh.finish()
        return fresh
    }
}
