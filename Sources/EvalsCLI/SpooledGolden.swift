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

    /// Ends every unit's check, writing its files, and returns the suites' spools the reports
    /// are made from; `members` lists each suite's units, in the order of its spools. An
    /// interrupted update writes no golden file: its cases are checked again, as a check would
    /// have, as its suite is spooled again through `respool` (by unit). An update whose file
    /// cannot be written is spooled again with no case saying its entry was updated.
    func finish(suites: [SpooledSuite], members: [[Int]], interrupted: Bool, respool: @escaping (Int) throws -> SpooledCases) async throws -> (suites: [SpooledSuite], endings: [Ending?]) {
        var suites = suites
        var endings = [Ending?](repeating: nil, count: checks.count)
        for (index, units) in members.enumerated() {
            func replay(_ changes: [Int: (CaseReport) async -> CaseReport]) async throws {
                guard !changes.isEmpty else { return }
                suites[index] = try await suites[index].replay(changing: changes) { try respool(units[$0]) }
            }
            var finishing: [(position: Int, check: GoldenCheck)] = []
            var rechecks: [Int: (CaseReport) async -> CaseReport] = [:]
            for (position, unit) in units.enumerated() {
                guard let check = checks[unit] else { continue }
                guard interrupted && check.mode == .update else {
                    finishing.append((position, check))
                    continue
                }
                let again = check.restarted(mode: .check)
                rechecks[position] = { item in
                    let item = GoldenCheck.unchecked(item)
                    return await again.check(item, hasExpect: GoldenCheck.hasExpect(item))
                }
                finishing.append((position, again))
            }
            try await replay(rechecks)
            var unwritten: [Int: (CaseReport) async -> CaseReport] = [:]
            for (position, check) in finishing {
                let ending = check.finish(store: stores[units[position]])
                if ending.updatesUnwritten { unwritten[position] = { GoldenCheck.unwritten($0) } }
                endings[units[position]] = ending
            }
            try await replay(unwritten)
        }
        return (suites, endings)
    }
}
