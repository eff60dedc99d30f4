import Synchronization

/// Cancels the attempts whose deadline has passed, from one clock loop for the whole run.
///
/// An attempt runs in a task of its own and arms a ``Deadline`` when that task starts, so the
/// time it waited to be scheduled never counts against it. One sleeping timer per attempt would
/// linger in the timer queue until its deadline even after the attempt ended, so a fast run would
/// pile up tens of thousands of them; the watchdog keeps one short sleep at a time instead.
final class DeadlineWatchdog: Sendable {
    /// One armed attempt: the task to cancel when its deadline passes, until the attempt ends.
    final class Deadline: @unchecked Sendable {
        private enum State {
            case running
            case expired
            case ended
        }

        fileprivate let id: UInt64
        fileprivate let instant: ContinuousClock.Instant
        /// Cancelled only while the state is `running`: `end()` takes the lock before the task
        /// finishes, so the unsafe reference is never used after the task is gone.
        private let task: UnsafeCurrentTask
        private let state = Mutex(State.running)

        fileprivate init(id: UInt64, instant: ContinuousClock.Instant, task: UnsafeCurrentTask) {
            self.id = id
            self.instant = instant
            self.task = task
        }

        /// Cancels the attempt's task unless it ended already.
        fileprivate func expire() {
            state.withLock { state in
                guard state == .running else { return }
                state = .expired
                task.cancel()
            }
        }

        /// Marks the attempt ended: its task is no longer cancelled. True when the deadline passed first.
        fileprivate func end() -> Bool {
            state.withLock { state in
                defer { state = .ended }
                return state == .expired
            }
        }
    }

    private struct State {
        var deadlines: [UInt64: Deadline] = [:]
        var nextID: UInt64 = 0
        var stopped = false
    }

    /// The longest the loop sleeps, so a deadline armed while it sleeps is late by at most this.
    static let tick: Duration = .milliseconds(50)

    private let state = Mutex(State())

    /// Runs `body` in the calling task, cancelling that task once `duration` has passed; returns
    /// what `body` returned and whether the deadline passed before it did. Nothing is cancelled
    /// once the watchdog has stopped.
    func run<Value>(for duration: Duration, _ body: () async -> Value) async -> (value: Value, expired: Bool) {
        let deadline: Deadline? = withUnsafeCurrentTask { task in
            guard let task else { return nil }
            let instant = ContinuousClock.now + duration
            return state.withLock { state in
                guard !state.stopped else { return nil }
                state.nextID += 1
                let deadline = Deadline(id: state.nextID, instant: instant, task: task)
                state.deadlines[state.nextID] = deadline
                return deadline
            }
        }
        let value = await body()
        guard let deadline else { return (value, false) }
        let expired = deadline.end()
        if !expired {
            _ = state.withLock { $0.deadlines.removeValue(forKey: deadline.id) }
        }
        return (value, expired)
    }

    /// Fires deadlines until the calling task is cancelled, then stops.
    func run() async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            var wake = now + Self.tick
            let expired: [Deadline] = state.withLock { state in
                var expired: [Deadline] = []
                for (id, deadline) in state.deadlines {
                    if deadline.instant <= now {
                        state.deadlines[id] = nil
                        expired.append(deadline)
                    } else {
                        wake = min(wake, deadline.instant)
                    }
                }
                return expired
            }
            for deadline in expired { deadline.expire() }
            try? await Task.sleep(until: wake, clock: .continuous)
        }
        stop()
    }

    /// Forgets every armed deadline; later ones never fire.
    func stop() {
        state.withLock { state in
            state.stopped = true
            state.deadlines = [:]
        }
    }

    /// How many deadlines are armed, for tests.
    var armedCount: Int {
        state.withLock { $0.deadlines.count }
    }
}
