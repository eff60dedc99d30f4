import Foundation
import Testing
@testable import EvalKit

@Suite("SpooledSuite")
struct SpooledSuiteTests {
    /// Judged `tuned` and `local` and baseline `base` with the same cases in the same order, as
    /// one planned suite gives its targets: every transition, changed and unchanged outputs, an
    /// error, a skipped case and a flaky one.
    static func targets() -> [TargetReport] {
        let tuned = SpooledCasesTests.cases().map { item in
            var item = item
            item.matcherVerdict = item.outcome == .passed || item.outcome == .failed ? item.outcome : nil
            return item
        }
        func variant(_ name: String, provider: String, judged: Bool, _ change: (Int, inout CaseReport) -> Void) -> TargetReport {
            let cases = tuned.enumerated().map { number, item in
                var item = item
                change(number, &item)
                item.matcherVerdict = item.outcome == .passed || item.outcome == .failed ? item.outcome : nil
                return item
            }
            return TargetReport(target: name, provider: provider, model: "m-\(name)", judged: judged, cases: cases)
        }
        let local = variant("local", provider: "openai", judged: true) { number, item in
            if number % 3 == 0, item.outcome == .passed || item.outcome == .failed {
                item.outcome = item.outcome == .passed ? .failed : .passed
                item.output = (item.output ?? "") + " (local)"
            }
        }
        let base = variant("base", provider: "gemini", judged: false) { number, item in
            if number % 2 == 1, item.outcome == .passed || item.outcome == .failed {
                item.outcome = item.outcome == .passed ? .failed : .passed
                item.output = "base says \(number)"
            }
        }
        return [TargetReport(target: "tuned", provider: "gemini", model: "m-tuned", judged: true, cases: tuned), local, base]
    }

    /// The targets as a run gives them to its spools: names, providers and models, no cases.
    static func stubs(_ targets: [TargetReport]) -> [TargetReport] {
        targets.map { TargetReport(target: $0.target, provider: $0.provider, model: $0.model, judged: $0.judged, cases: []) }
    }

    /// The run of `targets` as `evals run` reports it: held whole and compared by
    /// `ReportAssembler`, or fed to a `SpooledSuite` in `order` (target, case) and compared as it goes.
    static func report(_ targets: [TargetReport], spooled: Bool, order: [(target: Int, item: Int)] = [], retainLimit: Int = 1000, verbose: Bool = false) throws -> RunReport {
        var suite = SuiteReport(suite: "cmp", file: "suites/cmp.yaml-lite", gate: GateConfig(minPassRate: 0.5, maxRegressions: 0), baseline: "base", targets: targets)
        var tallies: [String: ComparisonTally] = [:]
        if spooled {
            let stubs = Self.stubs(targets)
            let spools = try stubs.map { stub in
                try SpooledCases(suite: "cmp", target: stub, retainLimit: retainLimit, htmlEntries: false) {
                    verbose || $0.outcome == .failed || $0.outcome == .error || $0.flaky || $0.truncated
                }
            }
            let joined = SpooledSuite(targets: stubs, spools: spools)
            for (target, item) in order { try joined.add(targets[target].cases[item], target: target) }
            try joined.finish()
            for index in suite.targets.indices {
                suite.targets[index].cases = spools[index].retained
                suite.targets[index].spool = spools[index]
                suite.targets[index].recomputeSummary()
            }
            tallies = joined.tallies
        }
        let run = RunReport(evalsVersion: "0.1.0", startedAt: "2026-11-25T13:36:27Z", finishedAt: "2026-11-25T13:36:28Z",
                            suites: [ReportAssembler.assemble(suite, tallies: tallies)])
        return ReportAssembler.finish(run)
    }

    /// Every case of every target, target after target: the first target's cases all wait.
    static func targetByTarget(_ targets: [TargetReport]) -> [(target: Int, item: Int)] {
        targets.indices.flatMap { target in targets[target].cases.indices.map { (target, $0) } }
    }

    /// Every target's first case, then every target's second, the baseline first.
    static func caseByCase(_ targets: [TargetReport]) -> [(target: Int, item: Int)] {
        targets[0].cases.indices.flatMap { item in targets.indices.reversed().map { ($0, item) } }
    }

    @Test("a compared suite written from its spools is byte for byte the suite compared in memory, in any arrival order")
    func sameBytes() throws {
        let targets = Self.targets()
        for verbose in [false, true] {
            let whole = try SpooledCasesTests.files(Self.report(targets, spooled: false), verbose: verbose)
            for order in [Self.targetByTarget(targets), Self.caseByCase(targets)] {
                let spooled = try SpooledCasesTests.files(Self.report(targets, spooled: true, order: order, verbose: verbose), verbose: verbose)
                for name in whole.keys.sorted() {
                    #expect(spooled[name] == whole[name], "\(name) differs (verbose: \(verbose))")
                }
            }
        }
        let report = try Self.report(targets, spooled: true, order: Self.caseByCase(targets))
        #expect(report.suites[0].comparisons.map(\.candidate) == ["tuned", "local"])
        #expect(report.suites[0].comparisons.contains { $0.regressed > 0 } && report.suites[0].comparisons.contains { $0.fixed > 0 })
    }

    @Test("judged targets without a baseline are shown side by side, one entry a case")
    func severalTargetsWithoutBaseline() throws {
        let targets = Array(Self.targets().prefix(2))
        let whole = try SpooledCasesTests.files(Self.report(targets, spooled: false))
        let spooled = try SpooledCasesTests.files(Self.report(targets, spooled: true, order: Self.targetByTarget(targets)))
        for name in whole.keys.sorted() {
            #expect(spooled[name] == whole[name], "\(name) differs")
        }
        let html = try #require(spooled["html"])
        #expect(html.components(separatedBy: "<article ").count - 1 == targets[0].cases.count)
    }

    @Test("past the list limit, the changed cases are counted and the reports say how many more there are")
    func listsUpToTheLimit() throws {
        let targets = Self.targets()
        let whole = try Self.report(targets, spooled: false)
        let limited = try Self.report(targets, spooled: true, order: Self.caseByCase(targets), retainLimit: 1, verbose: true)
        #expect(limited.suites[0].comparisons == whole.suites[0].comparisons, "the counts cover every case")
        let changes = try #require(limited.suites[0].targets[0].spool?.changes)
        #expect(changes.regressed.count <= 1 && changes.fixed.count <= 1 && changes.changed.count <= 1)
        #expect(changes.count == ChangedCases(candidate: whole.suites[0].targets[0].cases, baseline: targets[2].cases).count)
        #expect(changes.unlisted > 0)
        let text = try #require(try SpooledCasesTests.files(limited, verbose: true)["text"])
        #expect(text.contains("… \(changes.unlisted) more changed cases (see results.json)"), "\(text)")
    }

    @Test("replaying a suite changes only the targets asked, and compares and shows the cases again")
    func replayRebuildsTheSuite() async throws {
        let targets = Self.targets()
        let stubs = Self.stubs(targets)
        func spools() throws -> [SpooledCases] {
            try stubs.map { try SpooledCases(suite: "cmp", target: $0, replayable: true, htmlEntries: false) { _ in false } }
        }
        let joined = SpooledSuite(targets: stubs, spools: try spools())
        for (target, item) in Self.caseByCase(targets) { try joined.add(targets[target].cases[item], target: target) }
        try joined.finish()
        let fresh = try spools()
        let replayed = try await joined.replay(changing: [1: { item in
            var item = item
            item.messages.append("replayed")
            return item
        }], respool: { fresh[$0] })
        #expect(replayed.tallies == joined.tallies)
        let local = try (0..<replayed.spools[1].count).map(replayed.spools[1].replayedCase)
        #expect(local.allSatisfy { $0.messages.last == "replayed" })
        let tuned = try (0..<replayed.spools[0].count).map(replayed.spools[0].replayedCase)
        #expect(tuned.map(\.messages) == targets[0].cases.map(\.messages))
        #expect(tuned.map(\.transition) == ReportAssembler.assemble(SuiteReport(suite: "cmp", file: "f", baseline: "base", targets: targets)).targets[0].cases.map(\.transition))
    }

    @Test("a target with cases the others lack is an error at the end, not a crash")
    func unevenTargetsThrow() throws {
        let targets = Array(Self.targets().prefix(2))
        let stubs = Self.stubs(targets)
        let joined = SpooledSuite(targets: stubs, spools: try stubs.map { try SpooledCases(suite: "cmp", target: $0, htmlEntries: false) { _ in false } })
        try joined.add(targets[0].cases[0], target: 0)
        try joined.add(targets[0].cases[1], target: 0)
        try joined.add(targets[1].cases[0], target: 1)
        #expect(joined.spools.map(\.count) == [1, 1], "the case both have is spooled")
        #expect(throws: SpooledSuite.Uneven.self) { try joined.finish() }
    }
}
