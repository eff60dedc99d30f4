import EvalKit
import Foundation

/// `evals batch status|cancel SUITE... [--target T]` (SPEC §13): the saved batch jobs of each
/// suite's targets (every target with a saved job, or the `--target`s), polled or cancelled.
struct BatchCommand {
    let invocation: Invocation
    let console: Console

    func execute() async -> Int32 {
        let action = invocation.paths[0]
        var suitesOnly = invocation
        suitesOnly.paths = Array(invocation.paths.dropFirst())
        let planned: [PlannedSuite]
        do {
            planned = try SuitePlanner.plan(suitesOnly, console: console)
        } catch {
            return SuitePlanner.report(error, console: console, writeHarness: false)
        }
        let directory = BatchRun.directory(environment: console.environment)
        var code = ExitCode.success
        var found = 0
        for suite in planned {
            let targets = invocation.options.targets.isEmpty ? suite.suite.targets : suite.judged
            for target in targets {
                let url = BatchState.url(directory: directory, suite: suite.suite.name, target: target.name)
                guard let state = BatchState.load(from: url) else {
                    if !invocation.options.targets.isEmpty { console.stdout.write("\(suite.suite.name)[\(target.name)]: no saved batch job (\(url.path))\n") }
                    continue
                }
                found += 1
                let provider: any Provider
                do {
                    provider = try await SuitePlanner.resolve(target, of: suite.suite, environment: console.environment, maxConnections: 4).1
                } catch {
                    console.diagnostic(error)
                    code = ExitCode.usage
                    continue
                }
                let place = "\(suite.suite.name)[\(target.name)]"
                if action == "cancel" {
                    let errors = await BatchExecutor.cancel(state, provider: provider)
                    for (job, error) in zip(state.jobIDs, errors) {
                        if let error {
                            console.error("\(place): cannot cancel batch job \(job): \(error.message)")
                            code = ExitCode.usage
                        } else {
                            console.stdout.write("\(place): batch job \(job) cancelled\n")
                        }
                    }
                    if errors.allSatisfy({ $0 == nil }) { try? FileManager.default.removeItem(at: url) }
                } else {
                    console.stdout.write("\(place): \(state.requests) requests, submitted \(state.submittedAt) (\(url.path))\n")
                    for (job, result) in zip(state.jobIDs, await BatchExecutor.status(of: state, provider: provider)) {
                        switch result {
                        case .success(let status):
                            let counts = status.total.map { ", \(status.completed ?? 0)/\($0) done" } ?? ""
                            let reason = status.reason.map { ": \($0)" } ?? ""
                            let next = status.finished ? "; rerun the same command to read its results" : ""
                            console.stdout.write("  \(job): \(status.state)\(counts)\(reason)\(next)\n")
                        case .failure(let error):
                            console.error("\(place): cannot poll batch job \(job): \(error.message)")
                            code = ExitCode.usage
                        }
                    }
                }
            }
        }
        if found == 0 && invocation.options.targets.isEmpty {
            console.stdout.write("no saved batch jobs for \(planned.map(\.suite.name).joined(separator: ", ")) in \(directory.path)\n")
        }
        return code
    }
}
