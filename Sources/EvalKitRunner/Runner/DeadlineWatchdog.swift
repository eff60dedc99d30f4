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
                case .cancelled, nil:
                    return nil
                }
            }
            continuation?.resume(returning: false)
        }
    }

    /// Fires deadlines until the calling task is cancelled, then releases every waiter.
    func run() async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            var wake = now + Self.tick
            let expired: [CheckedContinuation<Bool, Never>] = state.withLock { state in
                var expired: [CheckedContinuation<Bool, Never>] = []
                for (id, waiter) in state.waiters {
                    guard case .waiting(let deadline, let continuation) = waiter else { continue }
                    if deadline <= now {
                        state.waiters[id] = nil
                        expired.append(continuation)
                    } else {
                        wake = min(wake, deadline)
                    }
                }
                return expired
            }
            for continuation in expired { continuation.resume(returning: true) }
            try? await Task.sleep(until: wake, clock: .continuous)
        }
        stop()
    }

    /// Releases every waiter with false; later calls to `expire` return false at once.
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
