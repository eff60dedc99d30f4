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
        let store = GoldenStore(directory: invocation.options.goldenDir)
        var errors: [Diagnostic] = []
        var lines: [String] = []
        for item in planned {
            let suite = item.suite
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
                do {
                    guard let golden = try store.read(suite: suite.name, target: target.name) else { continue }
                    goldenParts.append("\(target.name) \(golden.entries.count) \(golden.entries.count == 1 ? "entry" : "entries")")
                    if console.ciMode && item.judged.contains(where: { $0.name == target.name }) {
                        let known = Set(golden.entries.map { $0.id })
                        for entry in item.cases where entry.skip == nil && !known.contains(entry.suiteCase.id) {
                            errors.append(missingGolden(entry.suiteCase, target: target.name, item: item))
                        }
                    }
                } catch {
                    errors.append(error)
                }
            }
            if console.ciMode {
                for target in item.judged where !goldenParts.contains(where: { $0.hasPrefix("\(target.name) ") }) && !FileManager.default.fileExists(atPath: store.goldenPath(suite: suite.name, target: target.name)) {
                    for entry in item.cases where entry.skip == nil {
                        errors.append(missingGolden(entry.suiteCase, target: target.name, item: item))
                    }
                }
            }
            let golden = goldenParts.isEmpty ? "none" : goldenParts.joined(separator: ", ")
            lines.append("\(item.path): ok (\(suite.cases.count) cases, \(suite.targets.count) targets; golden: \(golden))")
        }
        if !errors.isEmpty {
            for error in errors { console.diagnostic(error) }
            return ExitCode.usage
        }
        console.stdout.write(lines.joined(separator: "\n") + "\n")
        return ExitCode.success
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

    func missingGolden(_ suiteCase: Suite.Case, target: String, item: PlannedSuite) -> Diagnostic {
        Diagnostic(
            "case '\(suiteCase.id)' has no golden entry for target \(target) (CI mode); run `evals \(item.path) --target \(target) --golden update` outside CI and commit the golden file",
            path: suiteCase.path.isEmpty ? item.suite.source.path : suiteCase.path, mark: suiteCase.mark,
            sourceLine: suiteCase.path.isEmpty || suiteCase.path == item.suite.source.path ? item.suite.source.line(suiteCase.mark.line) : nil)
    }
}
