import EvalKit
import Foundation
import YAMLLite

/// Why a command stops before doing its work: a usage error or invalid input (exit 2).
enum CLIFailure: Error {
    case usage(String)
    case diagnostics([Diagnostic])
}

/// A suite of the command line with its targets chosen and its cases selected.
struct PlannedSuite: Sendable {
    var suite: Suite
    /// The path as given on the command line.
    var path: String
    var judged: [Suite.Target]
    var baseline: Suite.Target?
    var selection: CaseSelection
    /// Where this suite's golden files live: `--golden-dir`, or the default found from its file.
    var goldenDirectory: String
    /// How many cases the suite has, how many the selection runs, and how many it would run
    /// without `--shard`.
    var counts: (total: Int, selected: Int, beforeSharding: Int) = (0, 0, 0)

    init(suite: Suite, path: String, judged: [Suite.Target], baseline: Suite.Target?, selection: CaseSelection, goldenDirectory: String) {
        self.suite = suite
        self.path = path
        self.judged = judged
        self.baseline = baseline
        self.selection = selection
        self.goldenDirectory = goldenDirectory
        forEachEntry { _, _, skip in
            counts.total += 1
            if skip == nil { counts.selected += 1 }
            if skip == nil || skip == .shard { counts.beforeSharding += 1 }
        }
    }

    var selectedCount: Int { counts.selected }

    /// Hands every case of the suite to `body` in order, with its position and why it is
    /// deselected for those not selected; a streamed suite's cases are read again each time.
    func forEachEntry(_ body: (Int, Suite.Case, CaseSelection.Exclusion?) -> Void) {
        var cursor = suite.makeCaseCursor()
        var walk = selection.walk()
        var position = 0
        while let suiteCase = cursor.next() {
            body(position, suiteCase, walk.exclusion(for: suiteCase))
            position += 1
        }
    }

    /// The selected cases with their positions in the suite.
    func selected() -> [(index: Int, suiteCase: Suite.Case)] {
        var selected: [(index: Int, suiteCase: Suite.Case)] = []
        forEachEntry { position, suiteCase, skip in if skip == nil { selected.append((position, suiteCase)) } }
        return selected
    }
}

/// Loads the suites named on the command line and applies target choice and case selection.
enum SuitePlanner {
    /// The suites' dataset cases are streamed rather than held (SPEC §11): every command walks
    /// a planned suite's cases in order (`forEachEntry`) and never needs them all at once.
    static func plan(_ invocation: Invocation, console: Console) throws(CLIFailure) -> [PlannedSuite] {
        let options = invocation.options
        var overrides: [SuiteOverride] = []
        for option in options.sets {
            do {
                overrides.append(try SuiteOverride.parse(option, as: "--set"))
            } catch {
                throw .usage(error.message)
            }
        }
        let selection: CaseSelection
        do {
            let shard = options.shard.flatMap(ShardSpec.init)
            selection = try CaseSelection(filters: options.filters, tags: options.tags, excludeTags: options.excludeTags, limit: options.limit, shard: shard)
        } catch {
            switch error {
            case .invalidFilter(let pattern, let reason): throw .usage("--filter '\(pattern)' is not a valid regular expression: \(reason)")
            case .limitBelowOne(let limit): throw .usage("--limit expects a whole number of at least 1, got \(limit)")
            }
        }
        var suites: [Suite] = []
        var failures: [Diagnostic] = []
        for path in invocation.paths {
            do {
                suites.append(try SuiteLoader.load(path: path, overrides: overrides, streamingDatasets: true))
            } catch {
                failures.append(error)
            }
        }
        if !failures.isEmpty { throw .diagnostics(failures) }
        var seen: [String: String] = [:]
        for (suite, path) in zip(suites, invocation.paths) {
            if let other = seen[suite.name] {
                throw .usage("suites \(other) and \(path) are both named '\(suite.name)'; suite names must differ within one run")
            }
            seen[suite.name] = path
        }
        var planned: [PlannedSuite] = []
        for (suite, path) in zip(suites, invocation.paths) {
            let names = options.targets.isEmpty ? [suite.defaultTarget] : options.targets
            var judged: [Suite.Target] = []
            for name in names {
                judged.append(try target(name, in: suite))
            }
            let baseline = try options.baseline.map { name throws(CLIFailure) in try target(name, in: suite) }
            let golden = options.goldenDir ?? defaultGoldenDirectory(suitePath: path)
            planned.append(PlannedSuite(suite: suite, path: path, judged: judged, baseline: baseline, selection: selection, goldenDirectory: golden))
        }
        let selectedBeforeSharding = planned.reduce(0) { total, suite in total + suite.counts.beforeSharding }
        if selectedBeforeSharding == 0 {
            throw .usage("the selection matched no case (\(describe(options))); check --filter, --tag, --exclude-tag and --limit")
        }
        return planned
    }

    /// The default golden folder of a suite (SPEC §2).
    static func defaultGoldenDirectory(suitePath: String) -> String {
        GoldenStore.defaultDirectory(suitePath: suitePath)
    }

    static func target(_ name: String, in suite: Suite) throws(CLIFailure) -> Suite.Target {
        if let target = suite.target(named: name) { return target }
        let names = suite.targets.map(\.name)
        throw .diagnostics([suite.source.diagnostic(
            "suite '\(suite.name)' has no target '\(name)'\(EditDistance.didYouMean(name, in: names)); its targets are \(names.joined(separator: ", "))",
            at: Mark(line: 1, column: 1))])
    }

    static func describe(_ options: Options) -> String {
        var parts: [String] = []
        parts += options.filters.map { "--filter \($0)" }
        parts += options.tags.map { "--tag \($0)" }
        parts += options.excludeTags.map { "--exclude-tag \($0)" }
        if let limit = options.limit { parts.append("--limit \(limit)") }
        return parts.isEmpty ? "the suites have no cases" : parts.joined(separator: " ")
    }

    /// Resolves `${VAR}` in the targets a command uses and makes their providers, running a
    /// `token_command` for its first token; nothing is sent.
    static func resolve(_ target: Suite.Target, of suite: Suite, environment: [String: String], maxConnections: Int) async throws(Diagnostic) -> (Suite.ResolvedTarget, any Provider) {
        try await ProviderFactory.prepared(target, of: suite, environment: environment, maxConnections: maxConnections)
    }

    /// A cost limit counts every answer's cost, so each target it covers needs a price: with
    /// `--max-cost` every target run, with a suite's `max_cost` that suite's targets. One error per
    /// target without, at its place in the suite file.
    static func unpricedTargets(_ plannedSuites: [PlannedSuite], maxCost: Double?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for planned in plannedSuites {
            let limit: String
            if let maxCost {
                limit = "--max-cost \(Cost.format(maxCost))"
            } else if let gateLimit = planned.suite.gate.maxCost {
                limit = "the gate's max_cost \(Cost.format(gateLimit))"
            } else {
                continue
            }
            for target in planned.judged + (planned.baseline.map { [$0] } ?? []) where target.price == nil {
                let name = target.name
                problems.append(planned.suite.source.diagnostic(
                    "\(limit) counts what every target run costs, but target '\(name)' has no price: add price: {input: USD, output: USD} "
                        + "(US dollars per million tokens) to it, or give one with --set targets.\(name).price.input=USD --set targets.\(name).price.output=USD",
                    at: target.mark))
            }
        }
        return problems
    }

    /// Prints the failure and returns exit 2; a `run` also writes the harness JUnit file.
    static func report(_ failure: CLIFailure, console: Console, writeHarness: Bool) -> Int32 {
        var lines: [String] = []
        switch failure {
        case .usage(let message):
            console.error(message)
            lines.append(message)
        case .diagnostics(let diagnostics):
            for diagnostic in diagnostics {
                console.diagnostic(diagnostic)
                lines.append(diagnostic.heading)
            }
        }
        if writeHarness {
            console.writeHarnessReport(error: lines.joined(separator: "\n"), options: console.options)
        }
        return ExitCode.usage
    }
}
