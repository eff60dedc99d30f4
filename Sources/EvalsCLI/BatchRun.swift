import EvalKit
import Foundation

/// The batch side of `evals run` (SPEC §13): which units go through a batch API, sending them
/// (all targets at once), and what an interrupted run says about resuming.
struct BatchRun {
    static let defaultDirectory = ".evals/batches"

    let options: Options
    let console: Console

    /// `EVALS_BATCH_DIR`, else `.evals/batches` in the working folder (beside the response cache).
    static func directory(environment: [String: String]) -> URL {
        URL(fileURLWithPath: environment["EVALS_BATCH_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultDirectory, isDirectory: true)
    }

    /// Whether each target goes through its batch API: `--batch`, or its own `batch: true`.
    func batched(_ targets: [Suite.ResolvedTarget]) -> [Bool] {
        targets.map { options.batch || $0.batch }
    }

    /// The usage error of `--batch` with a target whose provider has no batch API, or nil.
    func usageError(_ targets: [Suite.ResolvedTarget]) -> String? {
        guard options.batch, let target = targets.first(where: { !BatchExecutor.providers.contains($0.config.name) }) else { return nil }
        return "--batch: target '\(target.name)' uses provider \(target.config.name), which has no batch API; the providers that have one: \(BatchExecutor.providers.joined(separator: ", ")) (drop --batch, or set `batch: true` on those targets only)"
    }

    /// Sends every batched unit through its batch API at once; nil for the units that are not batched.
    func send(_ units: [RunUnit], batched: [Bool], runner: RunnerOptions, onEvent: @escaping @Sendable (RunEvent) -> Void) async -> [BatchOutcome?] {
        let settings = BatchOptions(
            pollInterval: .clampedSeconds(options.batchPoll ?? 30), directory: Self.directory(environment: console.environment),
            warn: { [console] in console.warning($0) })
        return await withTaskGroup(of: (Int, BatchOutcome).self) { group in
            for (index, unit) in units.enumerated() where batched[index] {
                group.addTask { (index, await BatchExecutor.run(unit, options: settings, runner: runner, onEvent: onEvent)) }
            }
            var outcomes = [BatchOutcome?](repeating: nil, count: units.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    /// How to pick up the jobs an interrupted run left running.
    func resumeNotes(_ outcomes: [BatchOutcome?], units: [RunUnit]) -> [String] {
        zip(outcomes, units).compactMap { outcome, unit in
            guard let outcome, outcome.interrupted, !outcome.jobs.isEmpty else { return nil }
            return "\(unit.suite)[\(unit.target.name)]: batch job \(outcome.jobs.joined(separator: ", ")) keeps running at the provider; rerun the same command to resume it (no new job is submitted), `evals batch status` to see it, `evals batch cancel` to stop it"
        }
    }
}
