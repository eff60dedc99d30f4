import EvalKit
import Foundation
import Synchronization

/// Shows a run's progress on stderr (SPEC §5.1): a live line on a terminal; otherwise a plain line
/// every `interval` and one line per failing or erroring case as it finishes (every case with `--verbose`).
final class Progress: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var failed = 0
        var errors = 0
        var finished = false
        var lastDraw: Double?
        var lineShown = false
        /// Plain lines printed so far (off a terminal); a final line follows only when some were.
        var plainLines = 0
    }

    private let console: Console
    private let live: Bool
    private let enabled: Bool
    private let verbose: Bool
    /// Between redraws of the live line, or between plain lines.
    let interval: Duration
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Duration) async throws -> Void
    private let start: Double
    private let state = Mutex(State())

    /// `now` reads a monotonic clock in seconds and `sleep` waits between plain lines; tests pass their own.
    init(
        console: Console, enabled: Bool,
        now: @escaping @Sendable () -> Double = RunnerOptions.monotonicSeconds,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.console = console
        self.live = console.stderr.isTerminal
        self.enabled = enabled
        self.verbose = console.options.verbose
        self.interval = live ? .milliseconds(100) : .seconds(30)
        self.now = now
        self.sleep = sleep
        self.start = now()
    }

    func handle(_ event: RunEvent) {
        switch event {
        case .started(let total):
            state.withLock { $0.total = total; $0.lastDraw = now() }
        case .caseFinished(let suite, let target, let caseID, let outcome, let completed, let total):
            let text: String? = state.withLock { state in
                state.done = completed
                state.total = total
                state.finished = completed == total
                if outcome == .failed { state.failed += 1 }
                if outcome == .error { state.errors += 1 }
                guard enabled else { return nil }
                if live {
                    let time = now()
                    guard state.finished || state.lastDraw.map({ time - $0 >= interval.inSeconds }) ?? true else { return nil }
                    state.lastDraw = time
                    state.lineShown = true
                    return "\r\u{1B}[2K" + render(state, now: time)
                }
                var lines = ""
                if verbose || outcome == .failed || outcome == .error {
                    lines += "[\(completed)/\(total)] \(Self.word(outcome)) \(suite)[\(target)] \(caseID)\n"
                }
                if state.finished && state.plainLines > 0 {
                    lines += render(state, now: now()) + "\n"
                }
                return lines.isEmpty ? nil : lines
            }
            if let text { console.stderr.write(text) }
        case .batchPolled(let suite, let target, let job, let state, let completed, let total):
            guard enabled else { return }
            let counts = total.map { " \(completed ?? 0)/\($0) done" } ?? ""
            clear()
            console.stderr.write("\(suite)[\(target)]: batch \(job) \(state)\(counts)\n")
        case .targetStopped(let suite, let target, let message):
            clear()
            let sentence = message.hasSuffix(".") ? String(message.dropLast()) : message
            console.error("\(suite)[\(target)]: \(sentence); the target's remaining cases were not sent")
        default:
            break
        }
    }

    /// Off a terminal, prints the plain progress line, unless the run has not started or is over.
    func tick() {
        let line: String? = state.withLock { state in
            guard enabled, !live, state.total > 0, !state.finished else { return nil }
            state.plainLines += 1
            return render(state, now: now())
        }
        if let line { console.stderr.write(line + "\n") }
    }

    /// Off a terminal, calls `tick()` every `interval` until the returned task is cancelled.
    func startTicking() -> Task<Void, Never> {
        let interval = interval
        return Task { [self] in
            guard enabled, !live else { return }
            while true {
                do {
                    try await sleep(interval)
                } catch {
                    return
                }
                if Task.isCancelled { return }
                tick()
            }
        }
    }

    /// Removes the live line before other output.
    func clear() {
        let shown = state.withLock { state in
            defer { state.lineShown = false }
            return state.lineShown
        }
        if shown { console.stderr.write("\r\u{1B}[2K") }
    }

    private func render(_ state: State, now: Double) -> String {
        let elapsed = max(now - start, 0.001)
        let rate = Double(state.done) / elapsed
        let remaining = rate > 0 ? Double(state.total - state.done) / rate : 0
        var line = "[\(state.done)/\(state.total)] \(String(format: "%.1f", rate))/s"
        if state.done < state.total { line += state.done > 0 ? " ETA \(Self.duration(remaining))" : " ETA -" }
        if state.failed > 0 { line += ", \(state.failed) failed" }
        if state.errors > 0 { line += ", \(state.errors) errors" }
        return line
    }

    private static func word(_ outcome: Outcome) -> String {
        switch outcome {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .error: "ERROR"
        case .skipped: "SKIP"
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds >= 60 ? "\(Int(seconds) / 60)m\(Int(seconds) % 60)s" : "\(Int(seconds.rounded(.up)))s"
    }
}
