import EvalKit
import Foundation
import Synchronization

/// Shows a run's progress on stderr: a live line on a terminal, else a plain line every 30 s.
final class Progress: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var failed = 0
        var errors = 0
        var lastDraw: ContinuousClock.Instant?
        var lineShown = false
        /// Plain lines printed so far (off a terminal); a final line follows only when some were.
        var plainLines = 0
    }

    private let console: Console
    private let live: Bool
    private let enabled: Bool
    private let interval: Duration
    private let start = ContinuousClock.now
    private let state = Mutex(State())

    init(console: Console, enabled: Bool) {
        self.console = console
        self.live = console.stderr.isTerminal
        self.enabled = enabled
        self.interval = live ? .milliseconds(100) : .seconds(30)
    }

    func handle(_ event: RunEvent) {
        switch event {
        case .started(let total):
            state.withLock { $0.total = total; $0.lastDraw = ContinuousClock.now }
        case .caseFinished(_, _, _, let outcome, let completed, let total):
            let line: String? = state.withLock { state in
                state.done = completed
                state.total = total
                if outcome == .failed { state.failed += 1 }
                if outcome == .error { state.errors += 1 }
                let now = ContinuousClock.now
                let finished = completed == total && (live || state.plainLines > 0)
                guard enabled, finished || state.lastDraw.map({ now - $0 >= interval }) ?? true else { return nil }
                state.lastDraw = now
                state.lineShown = live
                if !live { state.plainLines += 1 }
                return render(state, now: now)
            }
            if let line { console.stderr.write(live ? "\r\u{1B}[2K" + line : line + "\n") }
        case .targetStopped(let suite, let target, let message):
            clear()
            let sentence = message.hasSuffix(".") ? String(message.dropLast()) : message
            console.error("\(suite)[\(target)]: \(sentence); the target's remaining cases were not sent")
        default:
            break
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

    private func render(_ state: State, now: ContinuousClock.Instant) -> String {
        let elapsed = max(Double((now - start).components.seconds) + Double((now - start).components.attoseconds) / 1e18, 0.001)
        let rate = Double(state.done) / elapsed
        let remaining = rate > 0 ? Double(state.total - state.done) / rate : 0
        var line = "[\(state.done)/\(state.total)] \(String(format: "%.1f", rate))/s"
        if state.done < state.total { line += " ETA \(Self.duration(remaining))" }
        if state.failed > 0 { line += ", \(state.failed) failed" }
        if state.errors > 0 { line += ", \(state.errors) errors" }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        seconds >= 60 ? "\(Int(seconds) / 60)m\(Int(seconds) % 60)s" : "\(Int(seconds.rounded(.up)))s"
    }
}
