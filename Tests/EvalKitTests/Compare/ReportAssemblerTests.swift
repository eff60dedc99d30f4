import EvalKit
import Testing

@Suite struct ReportAssemblerTests {
    typealias F = CompareFixtures

    @Test func pairsAreEveryJudgedTargetWithTheBaseline() {
        let targets = [
            F.target("tuned", outcomes: [.passed]),
            F.target("base", judged: false, outcomes: [.passed]),
            F.target("other", outcomes: [.passed]),
        ]
        #expect(ReportAssembler.pairs(of: F.suite(baseline: "base", targets)) == [
            ReportAssembler.Pair(baseline: "base", candidate: "tuned"),
            ReportAssembler.Pair(baseline: "base", candidate: "other"),
        ])
        #expect(ReportAssembler.pairs(of: F.suite(targets)).isEmpty)
        #expect(ReportAssembler.pairs(of: F.suite(baseline: "missing", targets)).isEmpty)
    }

    @Test func assembleRebuildsEverythingFromTheCases() throws {
        var tuned = F.target("tuned", outcomes: [.passed, .passed, .failed])
        // Stale figures and annotations, as a shard or an edited file might carry them.
        tuned.cases[0].outcome = .failed
        tuned.cases[0].matcherVerdict = .failed
        tuned.cases[0].transition = .fixed
        var base = F.target("base", judged: false, outcomes: [.passed, .failed, .failed])
        base.cases[1].transition = .regressed
        base.cases[1].outputChanged = true
        let stale = SuiteReport(
            suite: "s", file: "f", baseline: "base", targets: [base, tuned],
            comparisons: [ComparisonReport(baseline: "x", candidate: "y", baselinePassRate: RateInterval(rate: nil, low: nil, high: nil), candidatePassRate: RateInterval(rate: nil, low: nil, high: nil))],
            gates: [GateResult(gate: .minPassRate, target: "y", limit: 1, value: 1, passed: true)]
        )
        let suite = ReportAssembler.assemble(stale, gate: GateConfig(maxRegressions: 0))

        #expect(suite.gate == GateConfig(maxRegressions: 0))
        #expect(suite.targets[0].cases.allSatisfy { $0.transition == nil && $0.outputChanged == nil })
        #expect(suite.targets[1].counts == OutcomeCounts(passed: 1, failed: 2))
        #expect(suite.targets[1].cases.map(\.transition) == [.regressed, .fixed, .stillFailing])
        let comparison = try #require(suite.comparisons.first)
        #expect(suite.comparisons.count == 1)
        #expect((comparison.baseline, comparison.candidate) == ("base", "tuned"))
        #expect((comparison.regressed, comparison.fixed, comparison.stillFailing) == (1, 1, 1))
        #expect(suite.gates == [
            GateResult(gate: .minPassRate, target: "tuned", limit: 1, value: 1.0 / 3.0, passed: false),
            GateResult(gate: .maxRegressions, target: "tuned", limit: 0, value: 1, passed: false),
            GateResult(gate: .maxErrorRate, target: "tuned", limit: 0, value: 0, passed: true),
        ])
        // Assembling is idempotent.
        #expect(ReportAssembler.assemble(suite) == suite)
    }

    @Test func explicitPairsReplaceTheBaseline() {
        let suite = ReportAssembler.assemble(F.suite([
            F.target("a@old", judged: false, outcomes: [.passed]),
            F.target("a@new", outcomes: [.failed]),
        ]), pairs: [ReportAssembler.Pair(baseline: "a@old", candidate: "a@new"), ReportAssembler.Pair(baseline: "a@old", candidate: "nowhere")])
        #expect(suite.comparisons.map(\.candidate) == ["a@new"])
        #expect(suite.targets[1].cases[0].transition == .regressed)
    }

    @Test func exitCodeOfARun() {
        let failing = ReportAssembler.assemble(F.suite([F.target("tuned", outcomes: [.failed])]))
        let erroring = ReportAssembler.assemble(F.suite([F.target("tuned", outcomes: [.passed, .error])]))
        let passing = ReportAssembler.assemble(F.suite([F.target("tuned", outcomes: [.passed])]))
        func run(_ suites: [SuiteReport], interrupted: Bool = false, shard: String? = nil) -> RunReport {
            RunReport(evalsVersion: "v", startedAt: "", finishedAt: "", interrupted: interrupted, shard: shard, suites: suites)
        }
        #expect(ReportAssembler.verdict(of: run([passing])) == .passed)
        #expect(ReportAssembler.verdict(of: run([passing, failing])) == .gateFailed)
        #expect(ReportAssembler.verdict(of: run([erroring])) == .tooManyErrors)
        #expect(ReportAssembler.verdict(of: run([failing], shard: "1/2")) == .passed)
        #expect(ReportAssembler.verdict(of: run([passing], interrupted: true)) == .interrupted)
        #expect(ReportAssembler.verdict(of: run([failing], interrupted: true, shard: "2/2")) == .interrupted)
        #expect(ReportAssembler.finish(run([erroring])).exitCode == 3)
    }

    @Test func aConfigurationErrorExitsTwoWhateverTheGatesSay() {
        var rejected = F.item("c1", .error, nil)
        rejected.errorKind = .configuration
        let baselineRejected = ReportAssembler.assemble(F.suite(baseline: "base", [
            F.target("base", judged: false, [F.item("c0", .passed, "out"), rejected]),
            F.target("tuned", outcomes: [.failed, .passed]),
        ]))
        let tunedRejected = ReportAssembler.assemble(F.suite([F.target("tuned", [F.item("c0", .failed, "out"), rejected])]))
        func run(_ suite: SuiteReport, shard: String? = nil) -> RunReport {
            RunReport(evalsVersion: "v", startedAt: "", finishedAt: "", shard: shard, suites: [suite])
        }
        #expect(ReportAssembler.verdict(of: run(baselineRejected)) == .configurationRejected, "a baseline the endpoint rejects cannot be compared either")
        #expect(ReportAssembler.verdict(of: run(tunedRejected)) == .configurationRejected, "beats the failed gate's 1")
        #expect(ReportAssembler.verdict(of: run(tunedRejected, shard: "1/2")) == .configurationRejected, "a shard does not wait for merge to say so")
    }
}
