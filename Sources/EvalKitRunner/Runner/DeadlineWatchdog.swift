import Synchronization

/// Wakes the attempts whose deadline has passed, from one clock loop for the whole run.
///
/// One sleeping timer per attempt would linger in the timer queue until its deadline even after
/// the attempt ended, so a fast run would pile up tens of thousands of them; the watchdog keeps
/// one short sleep at a time instead.
final class DeadlineWatchdog: Sendable {
    private enum Waiter {
        case registered(ContinuousClock.Instant)
        case waiting(ContinuousClock.Instant, CheckedContinuation<Bool, Never>)
        case cancelled
        /// A deadline of `schedule`: its action runs when it passes.
        case action(ContinuousClock.Instant, @Sendable () -> Void)
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        var stopped = false
    }

    /// The longest the loop sleeps, so a deadline registered while it sleeps is late by at most this.
    static let tick: Duration = .milliseconds(50)

    private let state = Mutex(State())

    /// Returns true once `duration` has passed, or false as soon as the calling task is cancelled
    /// or the watchdog stops.
    func expire(after duration: Duration) async -> Bool {
        let deadline = ContinuousClock.now + duration
        let id: UInt64? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = .registered(deadline)
            return state.nextID
        }
        guard let id else { return false }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let cancelled = state.withLock { state in
                    guard case .registered = state.waiters[id] else {
                        state.waiters[id] = nil
                        return true
                    }
                    state.waiters[id] = .waiting(deadline, continuation)
                    return false
                }
                if cancelled { continuation.resume(returning: false) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Bool, Never>? = state.withLock { state in
                switch state.waiters[id] {
                case .registered:
                    state.waiters[id] = .cancelled
                    return nil
                case .waiting(_, let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .cancelled, .action, nil:
                    return nil
                }
            }
            continuation?.resume(returning: false)
        }
    }

    /// Runs `action` once `duration` has passed, on the watchdog's loop, unless `cancel(_:)` comes
    /// first with the returned id: a deadline without a task waiting for it. Nil, and the action
    /// never runs, when the watchdog has stopped.
    func schedule(after duration: Duration, _ action: @escaping @Sendable () -> Void) -> UInt64? {
        let deadline = ContinuousClock.now + duration
        return state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = .action(deadline, action)
            return state.nextID
        }
    }

    /// Drops a deadline of `schedule` whose action has not run.
    func cancel(_ id: UInt64) {
        _ = state.withLock { $0.waiters.removeValue(forKey: id) }
    }

    /// Fires deadlines until the calling task is cancelled, then releases every waiter.
    func run() async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            var wake = now + Self.tick
            let (expired, actions) = state.withLock { state in
                var expired: [CheckedContinuation<Bool, Never>] = []
                var actions: [@Sendable () -> Void] = []
                for (id, waiter) in state.waiters {
                    switch waiter {
                    case .waiting(let deadline, _) where deadline > now, .action(let deadline, _) where deadline > now:
                        wake = min(wake, deadline)
                    case .waiting(_, let continuation):
                        state.waiters[id] = nil
                        expired.append(continuation)
                    case .action(_, let action):
                        state.waiters[id] = nil
                        actions.append(action)
                    case .registered, .cancelled:
                        break
                    }
                }
                return (expired, actions)
            }
            for continuation in expired { continuation.resume(returning: true) }
            for action in actions { action() }
            try? await Task.sleep(until: wake, clock: .continuous)
        }
        stop()
    }

    /// Releases every waiter with false and drops every scheduled action; later calls to `expire`
    /// return false at once.
    func stop() {
        let waiting: [CheckedContinuation<Bool, Never>] = state.withLock { state in
            state.stopped = true
            let waiting = state.waiters.values.compactMap { waiter -> CheckedContinuation<Bool, Never>? in
                if case .waiting(_, let continuation) = waiter { return continuation }
                return nil
            }
            state.waiters = [:]
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: false) }
    }
}
