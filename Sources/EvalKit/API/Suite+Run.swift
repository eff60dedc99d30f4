import Foundation
import YAMLLite
import EvalKitSupport
import EvalKitResults
import EvalKitSuite
import EvalKitProviders
import EvalKitCompare
import EvalKitGolden
import EvalKitRunner

extension Suite {
    /// Loads and validates a suite file, as `evals check` does; a problem is a diagnostic with its place.
    public static func load(_ path: String, overrides: [SuiteOverride] = []) throws(Diagnostic) -> Suite {
        try SuiteLoader.load(path: path, overrides: overrides)
    }

    /// Runs every case on `targets` (the suite's `default_target` when empty) and, when given, on
    /// `baseline` too, then checks golden files, compares and evaluates the gates as `evals run`
    /// does; no report is written.
    ///
    /// A cost limit (`options.runner.maxCost`, else the gate's `max_cost`) stops sending once the
    /// answers' cost reaches it (SPEC §13.1).
    ///
    /// - Throws: a diagnostic, before anything is sent, for an unknown target, a baseline that is
    ///   also a target, a target without a price under a cost limit, an unset variable or key, or
    ///   an unreadable golden file.
    public func run(targets: [String] = [], baseline: String? = nil, options: SuiteRun.Options = SuiteRun.Options()) async throws(Diagnostic) -> SuiteRun {
        let names = targets.isEmpty ? [defaultTarget] : targets
        if let baseline, names.contains(baseline) {
            throw source.diagnostic("'\(baseline)' cannot be both the baseline and a target", at: Mark(line: 1, column: 1))
        }
        let goldenDirectory = options.goldenDirectory ?? GoldenStore.defaultDirectory(suitePath: source.path)
        let store = GoldenStore(directory: goldenDirectory)
        let selected = (options.selection?.apply(to: cases) ?? cases.map { CaseSelection.Entry(testCase: $0, skip: nil) })
            .enumerated().filter { $0.element.skip == nil }.map { (index: $0.offset, testCase: $0.element.testCase) }
        let chosen = names.map { ($0, true) } + (baseline.map { [($0, false)] } ?? [])
        var units: [(unit: RunUnit, golden: GoldenFile?)] = []
        var runner = options.runner
        runner.maxCost = runner.maxCost ?? options.gate.applied(to: gate).maxCost
        for (name, judged) in chosen {
            guard let target = target(named: name) else {
                let known = self.targets.map(\.name)
                throw source.diagnostic(
                    "suite '\(self.name)' has no target '\(name)'\(EditDistance.didYouMean(name, in: known)); its targets are \(known.joined(separator: ", "))",
                    at: Mark(line: 1, column: 1))
            }
            if let limit = runner.maxCost, target.price == nil {
                throw source.diagnostic(
                    "a cost limit of \(Cost.format(limit)) counts what every target run costs, but target '\(name)' has no price: add price: {input: USD, output: USD} (US dollars per million tokens) to it",
                    at: target.mark)
            }
            let (resolved, provider) = try await ProviderFactory.prepared(
                target, of: self, environment: options.environment, maxConnections: max(options.runner.concurrency, 6))
            let golden = judged && options.golden != .off ? try store.read(suite: self.name, target: name) : nil
            let cases = selected.map { PlannedCase(resolved: resolve($0.testCase, for: resolved), index: $0.index) }
            units.append((RunUnit(suite: self.name, target: resolved, provider: provider, judged: judged, directory: directory, cases: cases), golden))
        }
        let results = await Runner(options: runner).run(units.map(\.unit))
        let ciMode = options.ciMode ?? EnvironmentFlag.ciMode(options.environment)
        var reports: [TargetReport] = []
        var notes: [String] = []
        var failures: [String] = []
        var obsolete: [String: [String]] = [:]
        for ((unit, golden), result) in zip(units, results) {
            var cases = result.cases
            if unit.judged && options.golden != .off {
                let round = await GoldenChecker.checkAndWrite(
                    cases: cases, suite: self, target: unit.target, golden: golden, mode: options.golden, ciMode: ciMode,
                    strict: options.goldenStrict, store: store, acceptCommand: "suite.run(targets: [\"\(unit.target.name)\"], options: .init(golden: .update))")
                cases = round.cases
                notes += round.notes
                failures += round.failures
                if !round.obsolete.isEmpty { obsolete[unit.target.name] = round.obsolete }
            }
            var report = TargetReport(target: unit.target.name, provider: unit.target.config.name, model: unit.target.shownModel, judged: unit.judged, cases: cases)
            report.price = unit.target.price
            reports.append(report)
        }
        let report = SuiteReport(
            suite: self.name, file: source.path, description: description, gate: options.gate.applied(to: gate),
            baseline: baseline, targets: reports, obsoleteGolden: obsolete, deselected: cases.count - selected.count)
        return SuiteRun(report: ReportAssembler.assemble(report, detect: options.detect), goldenNotes: notes, goldenFailures: failures)
    }
}
