import EvalKit
import Foundation
import Synchronization
import YAMLLite

/// `evals run`: plan, send, judge, check golden files, compare, gate and report.
struct RunCommand {
    let invocation: Invocation
    let console: Console
    let interruption: Interruption

    var options: Options { invocation.options }

    /// A judged or baseline target of one suite, ready to run.
    struct Unit {
        var planned: PlannedSuite
        var target: Suite.ResolvedTarget
        var provider: any Provider
        var judged: Bool
        var golden: GoldenFile?
    }

    func execute() async -> Int32 {
        let goldenMode: GoldenMode
        switch options.golden {
        case "update": goldenMode = .update
        case "off": goldenMode = .off
        default: goldenMode = .check
        }
        if goldenMode == .update && console.ciModeIsExplicit {
            return SuitePlanner.report(.usage("--golden update writes golden files and cannot be combined with --ci; drop --ci (CI mode from the CI variable is fine)"), console: console, writeHarness: true)
        }
        let cache: ResponseCache?
        do {
            cache = try CacheCommand.cache(options, console: console)
        } catch {
            return SuitePlanner.report(.usage(error.message), console: console, writeHarness: true)
        }
        // The datasets' cases are streamed (SPEC §11). Unless cases are reused from an earlier
        // run, nothing needs the cases' reports either once they are checked against their
        // golden files, compared and reported: each goes to its target's spool as it finishes.
        let streams = options.rerun == nil
        let plannedSuites: [PlannedSuite]
        do {
            plannedSuites = try SuitePlanner.plan(invocation, console: console)
        } catch {
            return SuitePlanner.report(error, console: console, writeHarness: true)
        }
        let costLimit = options.maxCost ?? plannedSuites.compactMap(\.suite.gate.maxCost).min()
        let unpriced = SuitePlanner.unpricedTargets(plannedSuites, maxCost: options.maxCost)
        if !unpriced.isEmpty {
            return SuitePlanner.report(.diagnostics(unpriced), console: console, writeHarness: true)
        }
        var units: [Unit] = []
        // Per planned suite, its units: its judged targets, then its baseline.
        var members: [[Int]] = []
        var failures: [Diagnostic] = []
        for planned in plannedSuites {
            let targets = planned.judged.map { ($0, true) } + (planned.baseline.map { [($0, false)] } ?? [])
            var suiteUnits: [Int] = []
            for (target, judged) in targets {
                do {
                    let (resolved, provider) = try await SuitePlanner.resolve(target, of: planned.suite, environment: console.environment, maxConnections: max(options.concurrency, 6))
                    var golden: GoldenFile?
                    if judged && goldenMode != .off {
                        golden = try GoldenStore(directory: planned.goldenDirectory).read(suite: planned.suite.name, target: target.name)
                    }
                    suiteUnits.append(units.count)
                    units.append(Unit(planned: planned, target: resolved, provider: provider, judged: judged, golden: golden))
                } catch {
                    failures.append(error)
                }
            }
            members.append(suiteUnits)
        }
        if !failures.isEmpty {
            return SuitePlanner.report(.diagnostics(failures), console: console, writeHarness: true)
        }
        let batchRun = BatchRun(options: options, console: console)
        if let message = batchRun.usageError(units.map(\.target)) {
            return SuitePlanner.report(.usage(message), console: console, writeHarness: true)
        }

        var rerun = RerunPlan(reused: units.map { _ in [:] }, dropped: [])
        if let path = options.rerun {
            do {
                rerun = try RerunPlan.make(path: path, units: units, rerunFailed: options.rerunFailed)
            } catch {
                return SuitePlanner.report(error, console: console, writeHarness: true)
            }
            for line in rerun.dropped where !options.quiet { console.warning(line) }
        }

        let started = Date()
        let runUnits = units.enumerated().map { number, unit in
            RunUnit(
                suite: unit.planned.suite.name, target: unit.target, provider: unit.provider, judged: unit.judged,
                directory: unit.planned.suite.directory,
                cases: Self.plannedCases(unit, skipping: rerun.reused[number]))
        }
        // Where each unit is among its suite's units.
        var place = [(suite: Int, position: Int)](repeating: (0, 0), count: units.count)
        for (suite, suiteUnits) in members.enumerated() {
            for (position, unit) in suiteUnits.enumerated() { place[unit] = (suite, position) }
        }
        var spooling: [SpooledSuite]?
        var golden: SpooledGolden?
        let verbose = options.verbose
        func target(_ index: Int) -> TargetReport {
            let unit = units[index]
            return TargetReport(target: unit.target.name, provider: unit.target.config.name, model: unit.target.shownModel, judged: unit.judged, cases: [])
        }
        func makeSpool(_ index: Int) throws -> SpooledCases {
            let suiteUnits = members[place[index].suite]
            return try SpooledCases(
                suite: units[index].planned.suite.name, target: target(index),
                replayable: suiteUnits.contains { golden?.needsReplay($0) ?? false },
                htmlEntries: suiteUnits.count == 1,
                retain: { verbose || $0.outcome == .failed || $0.outcome == .error || $0.flaky || $0.truncated })
        }
        func makeSuite(_ suiteUnits: [Int]) throws -> SpooledSuite {
            SpooledSuite(targets: suiteUnits.map(target), spools: try suiteUnits.map(makeSpool))
        }
        if streams {
            if goldenMode != .off {
                golden = SpooledGolden(units: units, mode: goldenMode, ciMode: console.ciMode, strict: options.goldenStrict)
            }
            do {
                spooling = try members.map(makeSuite)
            } catch {
                console.error("cannot create a temporary file for the results: \(error)")
                return ExitCode.usage
            }
        }
        let spooledSuites = spooling
        let spooledGolden = golden
        let unitPlaces = place
        let progress = Progress(console: console, enabled: !options.quiet)
        let runnerOptions = RunnerOptions(
            concurrency: options.concurrency, timeoutOverride: options.timeout, retries: options.retries, repeatOverride: options.repeatCount,
            cache: cache, maxCost: costLimit)
        let runner = Runner(options: runnerOptions, onEvent: { progress.handle($0) })
        let outLock: FolderLock?
        do {
            outLock = try lockReportFolder()
        } catch {
            console.error(error.message)
            return ExitCode.usage
        }
        defer { withExtendedLifetime(outLock) {} }
        // An interrupt that came while the suites loaded cancels the run before it sends anything,
        // so the reports still say what this run did: every case skipped (interrupted).
        // Batched targets are answered through their batch API first; the runner then judges
        // every unit alike, and cancelling the task ends polling and running both.
        let batched = batchRun.batched(units.map(\.target))
        let task = Task { () -> (results: [UnitResult], batches: [BatchOutcome?], spoolError: (any Error)?) in
            let outcomes = batched.contains(true)
                ? await batchRun.send(runUnits, batched: batched, runner: runnerOptions, onEvent: { progress.handle($0) })
                : []
            let answered = outcomes.isEmpty ? runUnits : zip(runUnits, outcomes).map { $1?.unit ?? $0 }
            guard let spooledSuites else { return (await runner.run(answered), outcomes, nil) }
            var spoolError: (any Error)?
            let stops = await runner.run(answered) { unit, report in
                let report = await spooledGolden?.check(report, unit: unit) ?? report
                do {
                    try spooledSuites[unitPlaces[unit].suite].add(report, target: unitPlaces[unit].position)
                } catch {
                    spoolError = spoolError ?? error
                }
            }
            do {
                for suite in spooledSuites { try suite.finish() }
            } catch {
                spoolError = spoolError ?? error
            }
            return (zip(answered, stops).map { UnitResult(suite: $0.suite, target: $0.target.name, cases: [], stopMessage: $1) }, outcomes, spoolError)
        }
        interruption.onTrigger { task.cancel() }
        let ticking = progress.startTicking()
        var (results, batches, spoolError) = await task.value
        ticking.cancel()
        progress.clear()
        let wasInterrupted = interruption.happened
        var finishedSuites = spooledSuites
        var goldenEndings: [SpooledGolden.Ending?]?
        if let spooledGolden, let spooledSuites, spoolError == nil {
            do {
                (finishedSuites, goldenEndings) = try await spooledGolden.finish(suites: spooledSuites, members: members, interrupted: wasInterrupted, respool: makeSpool)
            } catch {
                spoolError = error
            }
        }
        if let spoolError {
            console.error("cannot write the results to a temporary file: \(spoolError)")
            return ExitCode.usage
        }

        var suiteReports: [SuiteReport] = []
        var goldenNotes: [String] = []
        var goldenFailures: [String] = []
        for (suiteIndex, planned) in plannedSuites.enumerated() {
            var targetReports: [TargetReport] = []
            var obsolete: [String: [String]] = [:]
            for index in members[suiteIndex] {
                let unit = units[index]
                // Taken out of the results, so the golden check's copy is the only one left.
                var cases = rerun.reused[index].isEmpty ? results[index].cases
                    : (results[index].cases + rerun.reused[index].values).sorted { ($0.index ?? 0) < ($1.index ?? 0) }
                results[index].cases = []
                if let ending = goldenEndings?[index] {
                    goldenNotes += ending.notes
                    goldenFailures += ending.failures
                    if !ending.obsolete.isEmpty { obsolete[unit.target.name] = ending.obsolete }
                } else if unit.judged && goldenMode != .off && goldenEndings == nil {
                    let check = await checkGolden(unit: unit, cases: cases, mode: wasInterrupted && goldenMode == .update ? .check : goldenMode, store: GoldenStore(directory: planned.goldenDirectory))
                    cases = check.cases
                    goldenNotes += check.notes
                    goldenFailures += check.failures
                    if !check.obsolete.isEmpty { obsolete[unit.target.name] = check.obsolete }
                }
                var targetReport = target(index)
                targetReport.cases = cases
                targetReport.recomputeSummary()
                targetReport.price = unit.target.price
                if let spool = finishedSuites?[place[index].suite].spools[place[index].position] {
                    targetReport.cases = spool.retained
                    targetReport.spool = spool
                    targetReport.recomputeSummary()
                }
                targetReport.fingerprint = TargetFingerprint(unit.target, defaults: unit.planned.suite.defaults)
                if let jobs = batches.isEmpty ? nil : batches[index]?.jobs, !jobs.isEmpty { targetReport.batch = jobs }
                targetReports.append(targetReport)
            }
            let gate = options.gateOverrides.applied(to: planned.suite.gate)
            let suiteReport = SuiteReport(
                suite: planned.suite.name, file: planned.path, description: planned.suite.description, gate: gate,
                baseline: planned.baseline?.name, targets: targetReports, obsoleteGolden: obsolete,
                deselected: planned.counts.total - planned.selectedCount)
            let tallies = finishedSuites?[suiteIndex].tallies ?? [:]
            suiteReports.append(ReportAssembler.assemble(suiteReport, detect: options.detect ?? PairedStatistics.defaultDetect, tallies: tallies))
        }
        var report = ReportAssembler.finish(RunReport(
            evalsVersion: EvalsVersion.current, startedAt: Console.timestamp(started), finishedAt: Console.timestamp(Date()),
            interrupted: wasInterrupted, shard: options.shard, suites: suiteReports))
        if !goldenFailures.isEmpty && !wasInterrupted { report.exitCode = Int(ExitCode.usage) }
        for note in goldenNotes where !options.quiet { console.warning(note) }
        for failure in goldenFailures { console.error(failure) }
        if wasInterrupted { console.warning("interrupted: the reports hold the cases that finished; the rest are skipped (interrupted)") }
        for note in batchRun.resumeNotes(batches, units: runUnits) { console.warning(note) }
        let written = ReportWriter(console: console).write(report, defaults: true)
        return written ? Int32(report.exitCode) : ExitCode.usage
    }

    /// The selected cases of a unit that are not reused, each read and resolved for its target
    /// only when the runner reaches it.
    private static func plannedCases(_ unit: Unit, skipping reused: [Int: CaseReport]) -> PlannedCases {
        CaseFeed(unit.planned, target: unit.target, skipping: Set(reused.keys)).cases
    }

    /// Locks the `--out` folder that the default reports go to, so that two runs never mix their
    /// files there; nil when every report has a path of its own.
    private func lockReportFolder() throws(FolderLock.Busy) -> FolderLock? {
        guard options.junit == nil || options.json == nil || options.report == nil else { return nil }
        return try FolderLock(options.out)
    }

    /// Checks one judged target's outputs against its golden file and writes what the mode asks.
    func checkGolden(unit: Unit, cases: [CaseReport], mode: GoldenMode, store: GoldenStore) async -> (cases: [CaseReport], notes: [String], failures: [String], obsolete: [String]) {
        let round = await GoldenChecker.checkAndWrite(
            cases: cases, suite: unit.planned.suite, target: unit.target, golden: unit.golden, mode: mode,
            ciMode: console.ciMode, strict: options.goldenStrict, store: store,
            acceptCommand: ReportWriter.acceptCommand(suiteFile: unit.planned.path, target: unit.target.name))
        return (round.cases, round.notes, round.failures, round.obsolete)
    }
}
