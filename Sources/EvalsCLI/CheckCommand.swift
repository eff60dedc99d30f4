import EvalKit
import Foundation
import YAMLLite

/// `evals check`: validates suites, datasets, targets in use and golden files; runs nothing.
struct CheckCommand {
    let invocation: Invocation
    let console: Console

    func execute() async -> Int32 {
        let planned: [PlannedSuite]
        do {
            planned = try SuitePlanner.plan(invocation, console: console)
        } catch {
            return SuitePlanner.report(error, console: console, writeHarness: false)
        }
        var errors = SuitePlanner.unpricedTargets(planned, maxCost: nil)
        var lines: [String] = []
        for item in planned {
            let suite = item.suite
            let store = GoldenStore(directory: item.goldenDirectory)
            let used = Set(item.judged.map(\.name) + (item.baseline.map { [$0.name] } ?? []))
            for target in suite.targets {
                let problems = problemsOf(target, in: suite)
                for problem in problems {
                    if used.contains(target.name) {
                        errors.append(problem)
                    } else {
                        var warning = problem
                        warning.severity = .warning
                        console.diagnostic(warning)
                    }
                }
            }
            var goldenParts: [String] = []
            for target in suite.targets {
                let golden: GoldenFile?
                do {
                    golden = try store.read(suite: suite.name, target: target.name)
                } catch {
                    errors.append(error)
                    continue
                }
                if let golden {
                    goldenParts.append("\(target.name) \(golden.entries.count) \(golden.entries.count == 1 ? "entry" : "entries")")
                }
                if console.ciMode && item.judged.contains(where: { $0.name == target.name }) {
                    errors += missingEntries(of: item, target: target.name, golden: golden)
                }
            }
            let golden = goldenParts.isEmpty ? "none" : goldenParts.joined(separator: ", ")
            lines.append("\(item.path): ok (\(suite.caseCount) cases, \(suite.targets.count) targets; golden: \(golden))")
        }
        if !errors.isEmpty {
            for error in errors { console.diagnostic(error) }
            return ExitCode.usage
        }
        guard invocation.options.remote else {
            console.stdout.write(lines.joined(separator: "\n") + "\n")
            return ExitCode.success
        }
        return await checkRemote(planned, lines: lines)
    }

    /// Unset variables and keys of a target, as errors at the target.
    func problemsOf(_ target: Suite.Target, in suite: Suite) -> [Diagnostic] {
        do {
            let resolved = try suite.resolve(target, environment: console.environment)
            guard let message = ProviderFactory.missingKeyMessage(target: target.name, config: resolved.config, environment: console.environment) else { return [] }
            return [suite.source.diagnostic(message, at: target.mark)]
        } catch {
            return [error]
        }
    }

    /// The selected cases a CI run would find without a golden entry (SPEC §7.1): an error for
    /// each whose run would fail (a golden-only case, or strict golden checks); the rest, which a
    /// run only warns about, are one warning printed here.
    func missingEntries(of item: PlannedSuite, target: String, golden: GoldenFile?) -> [Diagnostic] {
        let known = Set(golden?.entries.map(\.id) ?? [])
        let strict = invocation.options.goldenStrict || item.suite.goldenStrict
        let defaultsExpect = !item.suite.defaults.expect.isEmpty
        var errors: [Diagnostic] = []
        var warned: [String] = []
        item.forEachEntry { _, suiteCase, skip in
            guard skip == nil, !known.contains(suiteCase.id) else { return }
            if strict || (suiteCase.expect.isEmpty && !defaultsExpect) {
                errors.append(missingGolden(suiteCase, target: target, item: item))
            } else {
                warned.append(suiteCase.id)
            }
        }
        if !warned.isEmpty {
            let shown = warned.prefix(5).map { Visible.text($0) }.joined(separator: ", ") + (warned.count > 5 ? ", …" : "")
            let cases = warned.count == 1 ? "case has" : "cases have"
            console.warning("\(warned.count) \(cases) no golden entry for target \(target) of \(item.path) (\(shown)); in CI mode that is only a warning, as they have expect; record them with `evals \(item.path) --target \(target) --golden update` outside CI")
        }
        return errors
    }

    func missingGolden(_ suiteCase: Suite.Case, target: String, item: PlannedSuite) -> Diagnostic {
        Diagnostic(
            "case '\(suiteCase.id)' has no golden entry for target \(target) (CI mode), and a CI run fails it (\(item.suite.goldenStrict || invocation.options.goldenStrict ? "golden checks are strict" : "it has no expect")); run `evals \(item.path) --target \(target) --golden update` outside CI and commit the golden file",
            path: suiteCase.path.isEmpty ? item.suite.source.path : suiteCase.path, mark: suiteCase.mark,
            sourceLine: suiteCase.path.isEmpty || suiteCase.path == item.suite.source.path ? item.suite.source.line(suiteCase.mark.line) : nil)
    }
}
